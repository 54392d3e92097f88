"""Draw the field app's icons (PNG) without an image library: a door with a flower.

Run once when the design changes: `.venv/bin/python scripts/make_icons.py`.
"""

import struct
import zlib
from pathlib import Path

GREEN, WHITE, YELLOW, DARK = (11, 110, 79), (255, 255, 255), (242, 165, 65), (7, 70, 50)


def _pixel(x: float, y: float) -> tuple[int, int, int]:
    # Coordinates in 0..1. A door (white, arched) with a knob, and a flower beside it.
    fx, fy = x - 0.72, y - 0.34
    if fx * fx + fy * fy < 0.085 ** 2:
        return DARK if fx * fx + fy * fy < 0.035 ** 2 else YELLOW
    if 0.70 < x < 0.74 and 0.40 < y < 0.80:
        return WHITE  # the flower's stem
    in_door = 0.28 < x < 0.60 and 0.36 < y < 0.80
    dx, dy = x - 0.44, y - 0.36
    in_arch = dx * dx + dy * dy < 0.16 ** 2 and y <= 0.36
    if in_door or in_arch:
        kx, ky = x - 0.54, y - 0.60
        return GREEN if kx * kx + ky * ky < 0.02 ** 2 else WHITE
    if 0.20 < x < 0.82 and 0.80 <= y < 0.84:
        return WHITE  # doorstep
    return GREEN


def write_png(path: Path, size: int) -> None:
    rows = b"".join(
        b"\x00" + bytes(c for x in range(size) for c in _pixel((x + 0.5) / size, (y + 0.5) / size))
        for y in range(size)
    )
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))
    path.write_bytes(png)


if __name__ == "__main__":
    folder = Path(__file__).resolve().parent.parent / "static" / "veld"
    for size in (192, 512):
        write_png(folder / f"icon-{size}.png", size)
