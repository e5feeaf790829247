"""The sign-in lockout (django-axes) counts failures per address and per account
(AXES_LOCKOUT_PARAMETERS): a new address does not unlock an account."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, except that signing in clears the failures against
    that account only. Axes would clear every failure matching any lockout parameter,
    the address's included: one success, from an account of one's own or anyone's
    behind the same address, would wipe the guesses made from it at other accounts."""

    def reset_user_attempts(self, request, credentials=None):
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count
