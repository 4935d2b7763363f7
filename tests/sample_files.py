"""Files as users hand them over, made in code: saved pages, feeds, exports, PDFs, bad files.

The articles are written for these tests in the style of wire and ministry readouts; every
test builds its files into a tmp folder, so nothing here is a fixture on disk.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

KENYA_TEXT = (
    "NAIROBI, Jan. 15 (Xinhua) -- Chinese Foreign Minister Wang Yi held talks with Kenyan "
    "Prime Cabinet Secretary and Foreign Minister Musalia Mudavadi here on Monday."
)
KENYA_QUOTE = (
    'Wang said China and Kenya are good friends and partners. "China is ready to work with '
    'Kenya to deepen practical cooperation," Wang said.'
)


def news_page(
    *,
    title: str = "Wang Yi holds talks with Kenyan foreign minister",
    published: str | None = "2024-01-16T09:30:00+03:00",
    site: str = "Xinhua",
    url: str = "https://english.news.cn/20240116/kenya.html",
) -> str:
    """A saved news page: navigation, scripts, styles and a footer around one article."""
    date_meta = (
        f'<meta property="article:published_time" content="{published}">' if published else ""
    )
    return f"""<!DOCTYPE html>
<!-- saved from url=(0044){url} -->
<html><head><meta charset="utf-8"><title>{title} - {site}</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{site}">
<link rel="canonical" href="{url}">
{date_meta}
<style>body {{ font-family: serif }} .secret-style-text {{ color: red }}</style>
<script>var tracker = "SCRIPT-IN-HEAD Wang Yi met Putin in Moscow";</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/china">China</a></li></ul></nav>
<article><h1>{title}</h1>
<p>{KENYA_TEXT}</p>
<script>document.write("SCRIPT-IN-BODY Xi Jinping held talks with Joe Biden");</script>
<p>{KENYA_QUOTE}</p>
<p>The two sides exchanged views on the Forum on China-Africa Cooperation and agreed to
strengthen coordination in international affairs.</p>
</article>
<footer><p>Copyright 2024 Xinhua. All rights reserved.</p></footer>
</body></html>"""


def rss_feed() -> bytes:
    return b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>China Daily | World</title><link>https://example.org/world</link>
<item>
  <title>Xi Jinping holds talks with Brazilian president</title>
  <link>https://example.org/world/brazil</link>
  <pubDate>Wed, 20 Nov 2024 23:30:00 -0300</pubDate>
  <source url="https://xinhuanet.com/rss">Xinhua</source>
  <description>Short summary.</description>
  <content:encoded><![CDATA[<p>BRASILIA, Nov. 20 (Xinhua) -- Chinese President Xi Jinping
  held talks with Brazilian President Luiz Inacio Lula da Silva on Wednesday.</p>
  <script>alert("feed script")</script>
  <p>The two heads of state agreed to elevate bilateral ties.</p>]]></content:encoded>
</item>
<item>
  <title>Li Qiang meets Singaporean prime minister</title>
  <link>https://example.org/world/singapore</link>
  <description>&lt;p&gt;BEIJING, March 3 (Xinhua) -- Chinese Premier Li Qiang met with
  Singaporean Prime Minister Lawrence Wong in Beijing on Monday.&lt;/p&gt;</description>
</item>
</channel></rss>"""


def atom_feed() -> bytes:
    return b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Ministry readouts</title>
<id>urn:readouts</id><updated>2024-06-01T00:00:00Z</updated>
<entry><title>Wang Yi speaks with Russian foreign minister by phone</title>
<id>urn:1</id><link href="https://example.org/readouts/1"/>
<published>2024-05-31T23:00:00-05:00</published><updated>2024-06-01T04:00:00Z</updated>
<content type="text">Chinese Foreign Minister Wang Yi spoke with Russian Foreign Minister Sergei Lavrov on the phone on May 31.</content>
</entry></feed>"""


ROWS = [
    {
        "title": "Wang Yi meets Vietnamese deputy prime minister",
        "date": "2023-12-12",
        "url": "https://example.org/vn",
        "text": "Chinese Foreign Minister Wang Yi met with Vietnamese Deputy Prime Minister "
        "Tran Luu Quang in Hanoi on December 12, 2023.",
        "source": "Xinhua",
    },
    {
        "title": "Zhao Leji meets Laotian leader",
        "date": "03/04/2024",  # March 4 or April 3? not guessed
        "url": "not a url",
        "text": "Zhao Leji, chairman of the NPC Standing Committee, met with Lao President "
        "Thongloun Sisoulith in Beijing.",
        "source": "People's Daily",
    },
]


def json_records(rows: list[dict] | None = None) -> bytes:
    return json.dumps(rows or ROWS, ensure_ascii=False, indent=1).encode()


def json_feed() -> bytes:
    """JSON Feed 1.1: items with content_html and date_published."""
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Readouts",
            "items": [
                {
                    "id": "1",
                    "url": "https://example.org/jf/1",
                    "title": "Han Zheng meets Uruguayan president",
                    "date_published": "2025-03-01T22:00:00-03:00",
                    "content_html": "<p>Chinese Vice President Han Zheng met with Uruguayan "
                    "President Yamandu Orsi in Montevideo.</p><script>x()</script>",
                }
            ],
        }
    ).encode()


def json_lines() -> bytes:
    lines = [json.dumps(r) for r in ROWS] + ["{not json"]
    return ("\n".join(lines) + "\n").encode()


def csv_table(columns: tuple[str, ...] = ("title", "date", "url", "text", "source")) -> bytes:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in ROWS:
        writer.writerow([row["title"], row["date"], row["url"], row["text"], row["source"]])
    return out.getvalue().encode()


def pdf_document(pages: list[list[str]], title: str | None = None) -> bytes:
    """A small valid PDF: one Helvetica text line per string, one page per list."""

    def literal(text: str) -> str:
        return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"

    objects: list[bytes] = []
    page_ids = [4 + 2 * i for i in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, lines in enumerate(pages):
        ops = " ".join(f"{literal(line)} Tj T*" for line in lines)
        stream = f"BT /F1 10 Tf 12 TL 50 780 Td {ops} ET".encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Resources "
            f"<< /Font << /F1 3 0 R >> >> /Contents {page_ids[i] + 1} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    info_id = None
    if title is not None:
        objects.append(f"<< /Title {literal(title)} >>".encode("latin-1"))
        info_id = len(objects)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R"
    trailer += f" /Info {info_id} 0 R >>" if info_id else " >>"
    out += f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


PDF_LINES = [
    "Xi Jinping meets French President",
    "PARIS, May 6 (Xinhua) -- Chinese President Xi Jinping held talks with French",
    "President Emmanuel Macron in Paris on Monday, and the two sides agreed to deepen the",
    "comprehensive strategic partnership between China and France.",
    "Xi said China is ready to work with France to carry forward the spirit of the",
    "establishment of diplomatic relations.",
]


def write(folder: Path, files: dict[str, bytes | str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
    return folder


def mixed_corpus(folder: Path) -> Path:
    """One file of every format, as a user's folder might hold them."""
    return write(
        folder,
        {
            "page.html": news_page(),
            "feed.rss": rss_feed(),
            "readouts.atom": atom_feed(),
            "records.json": json_records(),
            "jsonfeed.json": json_feed(),
            "records.jsonl": json_lines(),
            "table.csv": csv_table(),
            "paris.pdf": pdf_document([PDF_LINES], title="Xi Jinping meets French President"),
            "note.txt": "Xi holds talks with Brazilian president\n\n"
            "BRASILIA, Nov. 20, 2024 (Xinhua) -- Chinese President Xi Jinping held talks "
            "with Brazilian President Luiz Inacio Lula da Silva on Wednesday.\n",
        },
    )


GOOD = (
    "Xi holds talks with Brazilian president\n\nBRASILIA, Nov. 20, 2024 (Xinhua) -- Chinese "
    "President Xi Jinping held talks with Brazilian President Luiz Inácio Lula da Silva on "
    "Wednesday.\n"
)
# A Windows-1252 paragraph: curly quotes, an en dash and accents, as Word saves them.
CP1252 = "Mexico’s president, Enrique Peña Nieto – “a friend of China” – met Wang Yi.\n"


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_document([PDF_LINES]))))
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# name, bytes, expected status, a phrase of the expected message (None: no message)
BAD_INPUTS = [
    ("empty.txt", b"", "empty", "file is empty"),
    ("blank.md", b"  \n\t\r\n", "empty", "file is empty"),
    ("bom_only.txt", b"\xef\xbb\xbf\r\n", "empty", "file has no text"),
    ("binary.txt", bytes(range(256)) * 8, "error", "not text: a binary file (it contains NUL"),
    ("controls.txt", bytes([1, 2, 3, 4, 5, 6, 7, 8, 65]) * 50, "error", "control characters"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(200), "error", "not text: a PNG image"),
    ("report.md", b"PK\x03\x04" + bytes(100), "error", "a ZIP archive (a .docx"),
    ("utf8.txt", GOOD.encode("utf-8"), "ok", None),
    ("utf8_bom.txt", b"\xef\xbb\xbf" + GOOD.encode("utf-8"), "ok", None),
    ("utf16le_bom.txt", GOOD.encode("utf-16"), "ok", None),
    ("utf16be_bom.txt", b"\xfe\xff" + GOOD.encode("utf-16-be"), "ok", None),
    ("utf16_no_bom.txt", GOOD.encode("utf-16-le"), "ok", "UTF-16 without a byte order mark"),
    ("windows1252.txt", (GOOD + CP1252).encode("cp1252"), "ok", "decoded as Windows-1252"),
    (
        "mixed.txt",
        GOOD.encode("utf-8") + CP1252.encode("cp1252"),
        "ok",
        "mixed encodings: 1 line(s) decoded as Windows-1252, the rest as UTF-8",
    ),
    ("bad.json", b'{"title": "x", "text": ', "error", "not valid JSON"),
    ("no_text.csv", b"id,score\n1,2\n", "error", "no text or title column"),
    ("not_a_feed.xml", b"<?xml version='1.0'?><catalog><book/></catalog>", "error", "not an RSS or Atom feed"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog", "error", "not a readable PDF"),
    ("scan.pdf", pdf_document([[], []]), "empty", "no text layer (2 page(s)"),
    ("locked.pdf", encrypted_pdf(), "error", "encrypted with a password"),
    ("scripts.html", "<html><body><script>var a = 'Wang Yi met Lavrov';</script></body></html>",
     "empty", "the page has no text"),
]  # fmt: skip


def bad_folder(folder: Path) -> Path:
    files = {name: content for name, content, _, _ in BAD_INPUTS}
    files["copy_of_utf8.txt"] = GOOD.encode("utf-8")
    write(folder, files)
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    os.mkfifo(folder / "pipe.txt")
    return folder
