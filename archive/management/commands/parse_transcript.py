import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.ingest.parser import parse
from archive.ingest.readers import UnreadableTranscript, decode_transcript


class Command(BaseCommand):
    help = "Parse a transcript file and print what the parser finds. Touches no database."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            text = decode_transcript(path.read_bytes())
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from exc
        except UnreadableTranscript as exc:
            raise CommandError(f"{path}: {exc}") from exc
        doc = parse(text)
        if options["json"]:
            self.stdout.write(json.dumps(doc.as_json(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(self._summary(doc))

    def _summary(self, doc):
        data = doc.as_json()
        lines = [
            f"Title:     {data['title']}",
            f"Kind:      {data['kind']}",
            f"Date:      {data['date'] or data['partial_date'] or 'unknown'}",
            f"Location:  {data['location'] or '-'}",
            f"Language:  {data['language']}",
            "Speakers:  " + ", ".join(
                f"{s['name']} ({s['role']})" if s["role"] else s["name"] for s in data["speakers"]
            ),
            f"Countries: {', '.join(data['countries']) or '-'}",
            f"Topics:    {', '.join(data['topics']) or '-'}",
            f"Preamble:  {len(data['preamble'])} paragraph(s)",
            f"Exchanges: {len(data['exchanges'])}",
            f"Questions: {data['questions']} (of {len(data['turns'])} turns)",
        ]
        for n, exchange in enumerate(data["exchanges"], 1):
            q = exchange["question"]
            if q:
                lines.append(f"  {n}. Q ({q['speaker']}): {q['text'][:70]}")
            else:
                lines.append(f"  {n}. (no question)")
            for a in exchange["answers"]:
                mark = "A" if a["kind"] in ("answer", "statement") else "-"  # procedural
                lines.append(f"       {mark} ({a['speaker']}): {a['text'][:66]}")
        lines += [f"Warning:   {w}" for w in data["warnings"]]
        return "\n".join(lines)
