#!/usr/bin/env python3
# ansi2png.py CAPTURE.ans OUT.png COLS ROWS [TITLE]: render `tmux capture-pane -e -p` output to a PNG.
# A fixed cell grid (CJK and emoji stay exactly 2 cells), box characters drawn as joined lines,
# 16/256/true colour, bold, dim, underline and reverse. Recipe from ../shared/guides/tui.md.
import re, sys, unicodedata
from PIL import Image, ImageDraw, ImageFont
F = "/usr/share/fonts/truetype/"; BG, FG = (30, 31, 41), (230, 230, 230); LV = [0, 95, 135, 175, 215, 255]
PAL = [(46,52,54),(239,83,80),(102,187,106),(255,202,40),(66,165,245),(171,71,188),(38,198,218),(211,215,207),
       (85,87,83),(255,138,128),(185,246,202),(255,229,127),(130,177,255),(234,128,252),(132,255,255),(255,255,255)]
def c256(n): return PAL[n] if n < 16 else (LV[(n-16)//36], LV[(n-16)//6 % 6], LV[(n-16) % 6]) if n < 232 else (8 + (n-232)*10,)*3
def width(ch): return 0 if unicodedata.combining(ch) or ch in "\u200b\u200d\ufe0f" else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
TOK = re.compile(r"\x1b\[([0-9;:]*)m|\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|(.)", re.S)
def parse(text, cols, rows):                 # SGR state carries across lines: tmux only emits changes
    grid = [[(" ", 1, None, None, 0, 0)] * cols for _ in range(rows)]; s = dict(fg=None, bg=None, b=0, dim=0, ul=0, rev=0)
    for y, line in enumerate(text.split("\n")[:rows]):
        x = 0
        for m in TOK.finditer(line):
            if m.group(2):
                ch = m.group(2); w = width(ch)
                if w == 0:                     # combining mark joins the previous cell
                    j = x - 1 if x and grid[y][x - 1] else x - 2
                    if j >= 0: grid[y][j] = (grid[y][j][0] + ch,) + grid[y][j][1:]
                    continue
                if x + w > cols: break
                fg, bg = (s["bg"] or BG, s["fg"] or FG) if s["rev"] else (s["fg"], s["bg"])
                grid[y][x] = (ch, w, fg or ((140,) * 3 if s["dim"] else None), bg, s["b"], s["ul"])
                if w == 2 and x + 1 < cols: grid[y][x + 1] = None
                x += w
            elif m.group(1) is not None:
                p = [int(v or 0) for v in re.split("[;:]", m.group(1))]; i = 0
                while i < len(p):
                    c = p[i]
                    if c == 0: s.update(fg=None, bg=None, b=0, dim=0, ul=0, rev=0)
                    elif c in (1, 2, 4, 7): s[{1: "b", 2: "dim", 4: "ul", 7: "rev"}[c]] = 1
                    elif c in (22, 24, 27): s.update({22: dict(b=0, dim=0), 24: dict(ul=0), 27: dict(rev=0)}[c])
                    elif 30 <= c <= 37 or 90 <= c <= 97: s["fg"] = PAL[c - 30 if c < 90 else c - 82]
                    elif 40 <= c <= 47 or 100 <= c <= 107: s["bg"] = PAL[c - 40 if c < 100 else c - 92]
                    elif c in (39, 49): s["fg" if c == 39 else "bg"] = None
                    elif c in (38, 48) and i + 2 < len(p):
                        k = "fg" if c == 38 else "bg"
                        if p[i + 1] == 5: s[k] = c256(p[i + 2]); i += 2
                        elif p[i + 1] == 2 and i + 4 < len(p): s[k] = tuple(p[i + 2:i + 5]); i += 4
                    i += 1
    return grid
BOX = dict(zip("─│┌┐└┘├┤┬┴┼╭╮╰╯", "lr ud dr dl ur ul udr udl dlr ulr udlr dr dl ur ul".split()))
def render(grid, out, title="", size=16):
    mono, bold = (ImageFont.truetype(F + "dejavu/DejaVuSansMono" + v + ".ttf", size) for v in ("", "-Bold"))
    cjk = ImageFont.truetype(F + "wqy/wqy-zenhei.ttc", size)
    emoji = ImageFont.truetype(F + "noto/NotoColorEmoji.ttf", 109)     # bitmap font: size 109 only
    cw = round(mono.getlength("M")); a, d = mono.getmetrics(); ch = a + d + 2; pad, bar = 16, 34
    img = Image.new("RGB", (len(grid[0]) * cw + 2 * pad, len(grid) * ch + 2 * pad + bar), (21, 22, 30))
    dr = ImageDraw.Draw(img); W, H = img.size       # window frame: rounded box, 3 dots, title
    dr.rounded_rectangle([0, 0, W - 1, H - 1], 10, fill=BG, outline=(68, 71, 90))
    for i, col in enumerate([(255, 95, 86), (255, 189, 46), (39, 201, 63)]): dr.ellipse([14+20*i, 11, 26+20*i, 23], fill=col)
    dr.text((W / 2, bar / 2), title, font=mono, fill=(160, 160, 176), anchor="mm")
    for y, row in enumerate(grid):
        for x, cell in enumerate(row):
            if cell is None: continue
            c, w, fg, bg, b, ul = cell; fg = fg or FG; c = unicodedata.normalize("NFC", c)
            px, py = pad + x * cw, bar + pad + y * ch; mx, my = px + cw // 2, py + ch // 2
            if bg: dr.rectangle([px, py, px + w * cw - 1, py + ch - 1], fill=bg)
            if c in BOX:                       # draw box lines so borders join seamlessly
                for k, seg in dict(l=(px, my, mx, my), r=(mx, my, px+cw, my), u=(mx, py, mx, my), d=(mx, my, mx, py+ch)).items():
                    if k in BOX[c]: dr.line(seg, fill=fg, width=1 + b)
            elif w == 2 and (ord(c[0]) >= 0x1F000 or 0x2600 <= ord(c[0]) <= 0x27BF):   # colour emoji
                g = Image.new("RGBA", (160, 160)); ImageDraw.Draw(g).text((0, 0), c, font=emoji, embedded_color=True)
                g = g.crop(g.getbbox() or (0, 0, 1, 1)); sz = min(w * cw, ch) - 2
                g = g.resize((sz, sz), Image.Resampling.LANCZOS); img.paste(g, (px + (w * cw - sz) // 2, py + 1), g)
            elif c != " ":
                f = cjk if w == 2 else bold if b else mono
                dr.text((px + (max(0, (w * cw - f.getlength(c)) / 2) if w == 2 else 0), py + 1), c, font=f, fill=fg)
            if ul: dr.line([px, py + ch - 2, px + w * cw, py + ch - 2], fill=fg)
    img.save(out)
a = sys.argv; render(parse(open(a[1], encoding="utf-8").read(), int(a[3]), int(a[4])), a[2], a[5] if len(a) > 5 else "")
