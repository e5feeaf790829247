"""News outlets that ask at press conferences, one name each in whatever language
the transcript labels them: "路透社记者", "Reuters" and "Reuters reporter" are Reuters.

The table is curated by hand: the outlets seen at Chinese Foreign Ministry and White
House briefings, by the name they use in English. An outlet not in it keeps its label,
without a trailing "记者" or "reporter".
"""

from __future__ import annotations

import re

# Canonical name, then the other names it goes by (matched without case or "The").
OUTLETS: tuple[tuple[str, ...], ...] = (
    ("Reuters", "路透社", "Thomson Reuters"),
    ("AFP", "Agence France-Presse", "Agence France Presse", "France Presse", "法新社"),
    ("AP", "Associated Press", "美联社", "美国联合通讯社"),
    ("Bloomberg", "Bloomberg News", "彭博社", "彭博新闻社", "彭博"),
    ("Xinhua", "Xinhua News Agency", "新华社", "新华通讯社"),
    (
        "CCTV",
        "China Central Television",
        "中央广播电视总台",
        "总台央视",
        "央视",
        "中央电视台",
        "China Media Group",
        "CMG",
        "总台",
    ),
    ("CGTN", "China Global Television Network", "总台CGTN", "中国国际电视台"),
    ("CRI", "China Radio International", "总台国广", "国广", "中国国际广播电台", "国际台"),
    ("CNR", "China National Radio", "总台央广", "央广", "中央人民广播电台", "总台中国之声"),
    ("China News Service", "CNS", "中新社", "中国新闻社"),
    ("China Daily", "中国日报", "中国日报社"),
    ("People's Daily", "人民日报", "人民日报社"),
    ("Global Times", "环球时报", "环球时报社"),
    ("Guangming Daily", "光明日报"),
    ("Beijing Youth Daily", "北京青年报", "北青报"),
    ("Beijing Daily", "北京日报"),
    ("The Paper", "澎湃新闻"),
    ("Phoenix TV", "Phoenix Television", "Phoenix", "凤凰卫视", "凤凰卫视记者"),
    ("Shenzhen TV", "Shenzhen Television", "深圳卫视"),
    ("Dragon TV", "东方卫视"),
    ("Hubei Media Group", "湖北广电"),
    ("Beijing Media Network", "北京广播电视台"),
    ("NHK", "Japan Broadcasting Corporation", "日本广播协会", "日本放送协会"),
    ("Kyodo", "Kyodo News", "Kyodo News Agency", "共同社", "日本共同社"),
    ("Jiji Press", "Jiji", "时事社", "日本时事社"),
    ("Asahi Shimbun", "Asahi", "Asahi Newspaper", "朝日新闻", "朝日新闻社"),
    ("TV Asahi", "朝日电视台"),
    ("Yomiuri Shimbun", "Yomiuri", "读卖新闻"),
    ("Mainichi Shimbun", "Mainichi", "每日新闻"),
    ("Nikkei", "Nikkei Asia", "Nihon Keizai Shimbun", "日本经济新闻", "日经新闻"),
    ("Fuji TV", "Fuji Television", "富士电视台"),
    ("TBS", "Tokyo Broadcasting System", "东京广播公司"),
    ("Nippon TV", "日本电视台"),
    ("Yonhap", "Yonhap News Agency", "Yonhap News", "韩联社", "韩国联合通讯社"),
    ("KBS", "Korean Broadcasting System", "韩国广播公司"),
    ("MBC", "韩国文化广播公司"),
    ("SBS", "韩国首尔广播公司"),
    ("TASS", "ITAR-TASS", "塔斯社", "俄通社-塔斯社"),
    ("RIA Novosti", "RIA", "俄新社"),
    ("Sputnik", "Sputnik News", "卫星通讯社", "俄罗斯卫星通讯社"),
    ("RT", "Russia Today", "今日俄罗斯"),
    ("PTI", "Press Trust of India", "印度报业托拉斯"),
    ("Bernama", "马新社", "马来西亚国家新闻社"),
    ("Antara", "安塔拉通讯社", "安塔拉社"),
    ("Anadolu Agency", "Anadolu", "阿纳多卢通讯社", "阿纳多卢社"),
    ("VNA", "Vietnam News Agency", "越通社", "越南通讯社"),
    ("IRNA", "伊通社", "伊朗伊斯兰共和国通讯社"),
    ("APP", "Associated Press of Pakistan", "巴通社", "巴基斯坦联合通讯社"),
    ("EFE", "埃菲社"),
    ("dpa", "Deutsche Presse-Agentur", "德新社"),
    ("ANSA", "安莎社"),
    ("Lusa", "卢萨社"),
    ("Prensa Latina", "拉美社"),
    ("Ukrinform", "乌通社"),
    ("Al Jazeera", "Al-Jazeera", "半岛电视台"),
    ("BBC", "British Broadcasting Corporation", "英国广播公司"),
    ("CNN", "美国有线电视新闻网"),
    ("NBC", "NBC News"),
    ("CBS", "CBS News"),
    ("ABC", "ABC News"),
    ("Fox News", "Fox"),
    ("NPR", "National Public Radio"),
    ("Voice of America", "VOA", "美国之音"),
    ("Deutsche Welle", "DW", "德国之声"),
    ("The Wall Street Journal", "Wall Street Journal", "WSJ", "华尔街日报"),
    ("The New York Times", "New York Times", "NYT", "纽约时报"),
    ("The Washington Post", "Washington Post", "华盛顿邮报"),
    ("Financial Times", "FT", "金融时报"),
    ("Channel NewsAsia", "CNA", "亚洲新闻台"),
    ("The Straits Times", "Straits Times", "海峡时报"),
    ("Lianhe Zaobao", "联合早报"),
    ("Euronews",),
    ("Politico",),
    ("Axios",),
)

_INDEX = {alias.casefold().removeprefix("the "): names[0] for names in OUTLETS for alias in names}
# What a label adds to an outlet's name: "路透社记者", "Reuters reporter", "CNN's".
_ASKER_SUFFIX = re.compile(
    r"(?:\s*(?:记者|的记者)|['’]s|\s+(?:reporter|correspondent|journalist))$", re.IGNORECASE
)


def canonical_outlet(label: str) -> str:
    """The outlet a label names, by its one canonical name."""
    name = " ".join(str(label or "").split()).strip(" :：,")
    bare = _ASKER_SUFFIX.sub("", name).strip()
    key = bare.casefold().removeprefix("the ")
    return _INDEX.get(key) or _INDEX.get(key.replace(".", "")) or bare


def known_outlet(text: str) -> str:
    """The canonical name when `text` is exactly an outlet of the table, else ""."""
    bare = _ASKER_SUFFIX.sub("", " ".join(text.split()).strip(" .,")).strip()
    return _INDEX.get(bare.casefold().removeprefix("the "), "")
