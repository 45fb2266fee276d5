"""Hostile files built at test time: PDFs with active content (plain, escaped, compressed), ZIP bombs
and zip-slip archives, HTML and SVG (security.md U-03, U-05, U-08)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

PAGES = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] >>"


def pdf(*objects: str | bytes) -> bytes:
    """A hand-written PDF: objects numbered from 1; object 1 is the catalog."""
    out = b"%PDF-1.6\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        raw = body if isinstance(body, bytes) else body.encode()
        out += f"{number} 0 obj\n".encode() + raw + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def clean_pdf() -> bytes:
    return pdf("<< /Type /Catalog /Pages 2 0 R >>", PAGES, PAGE)


def pdf_with_javascript() -> bytes:
    return pdf(
        "<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        PAGES,
        PAGE,
        "<< /S /JavaScript /JS (app.alert(1)) >>",
    )


def pdf_with_escaped_javascript() -> bytes:
    """``/J#53`` is ``/JS`` and ``/Java#53cript`` is ``/JavaScript`` to every PDF reader."""
    return pdf(
        "<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        PAGES,
        PAGE,
        "<< /S /Java#53cript /J#53 (app.alert(1)) >>",
    )


def pdf_with_escaped_launch() -> bytes:
    """``/Laun#63h`` is ``/Launch``: a viewer starts the named program."""
    return pdf("<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /Laun#63h /F (calc.exe) >> >>", PAGES, PAGE)


def pdf_with_javascript_in_an_object_stream() -> bytes:
    """The action sits in a compressed object stream (PDF 1.5): no byte of "/JS" is in the file."""
    head = b"%PDF-1.6\n"
    plain = [
        "<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        PAGES,
        PAGE,
    ]
    out, offsets = head, {}
    for number, body in enumerate(plain, start=1):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    prefix = b"4 0 "
    packed = zlib.compress(prefix + b"<< /S /JavaScript /JS (app.alert(1)) >>")
    offsets[5] = len(out)
    header = f"/Type /ObjStm /N 1 /First {len(prefix)} /Filter /FlateDecode /Length {len(packed)}"
    out += f"5 0 obj\n<< {header} >>\nstream\n".encode()
    out += packed + b"\nendstream\nendobj\n"
    offsets[6] = len(out)
    rows = b"\x00" + struct.pack(">IH", 0, 65535)
    for number in (1, 2, 3):
        rows += b"\x01" + struct.pack(">IH", offsets[number], 0)
    rows += b"\x02" + struct.pack(">IH", 5, 0)  # object 4: index 0 of object stream 5
    rows += b"\x01" + struct.pack(">IH", offsets[5], 0) + b"\x01" + struct.pack(">IH", offsets[6], 0)
    xref = zlib.compress(rows)
    header = f"/Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length {len(xref)}"
    out += f"6 0 obj\n<< {header} >>\nstream\n".encode()
    out += xref + b"\nendstream\nendobj\n" + f"startxref\n{offsets[6]}\n%%EOF\n".encode()
    return out


def zip_of(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """About 20 KB that unpacks to 20 MB of zeros (a ratio of about 1 000)."""
    return zip_of({"data.csv": b"0" * (20 * 1024 * 1024)})


def zip_slip() -> bytes:
    return zip_of({"ok.csv": b"a,b\n1,2\n", "../../../etc/cron.d/evil": b"* * * * * root sh\n"})


def zip_with_absolute_name() -> bytes:
    return zip_of({"/etc/passwd": b"root:x:0:0\n"})


HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
