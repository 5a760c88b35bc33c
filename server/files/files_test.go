package files

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"zeroaccident/server/campaign"
)

// testJPEG draws a w×h picture whose left half is red, so a turn shows in the pixels.
func testJPEG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{0, 0, 255, 255}
			if x < w/2 {
				c = color.RGBA{255, 0, 0, 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withOrientation inserts an EXIF APP1 segment with the given orientation tag after the JPEG's SOI.
func withOrientation(j []byte, orientation byte) []byte {
	tiff := []byte{'M', 'M', 0, 0x2a, 0, 0, 0, 8, // big-endian header, IFD at 8
		0, 1, // one entry
		0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, // Orientation, SHORT, 1 value
		0, 0, 0, 0} // no next IFD
	payload := append([]byte("Exif\x00\x00"), tiff...)
	n := len(payload) + 2
	seg := append([]byte{0xff, 0xe1, byte(n >> 8), byte(n)}, payload...)
	out := append([]byte{}, j[:2]...)
	out = append(out, seg...)
	return append(out, j[2:]...)
}

func TestProcess(t *testing.T) {
	var pngBuf bytes.Buffer
	if err := png.Encode(&pngBuf, image.NewGray(image.Rect(0, 0, 800, 600))); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		content []byte
		kind    Kind
		ct      string
		w, h    int
		refused bool
	}{
		{name: "jpeg", content: testJPEG(t, 40, 20), kind: Photo, ct: "image/jpeg", w: 40, h: 20},
		{name: "jpeg turned by EXIF orientation 6", content: withOrientation(testJPEG(t, 40, 20), 6), kind: Photo, ct: "image/jpeg", w: 20, h: 40},
		{name: "png", content: pngBuf.Bytes(), kind: Photo, ct: "image/png", w: 800, h: 600},
		{name: "pdf", content: []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"), kind: Document, ct: "application/pdf"},
		{name: "svg", content: []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), refused: true},
		{name: "html", content: []byte("<html><body>hi</body></html>"), refused: true},
		{name: "windows executable", content: append([]byte("MZ\x90\x00"), make([]byte, 200)...), refused: true},
		{name: "elf executable", content: append([]byte("\x7fELF"), make([]byte, 200)...), refused: true},
		{name: "zip", content: append([]byte("PK\x03\x04"), make([]byte, 200)...), refused: true},
		{name: "truncated jpeg", content: testJPEG(t, 40, 20)[:30], refused: true},
		{name: "empty", content: nil, refused: true},
		{name: "over 10 MB", content: append([]byte("%PDF-1.4\n"), make([]byte, MaxFileBytes)...), refused: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Process(c.content)
			if c.refused {
				if campaign.ErrorCode(err) != campaign.EINVALID || err.(*campaign.Error).Field != "file" {
					t.Fatalf("want BAD_USER_INPUT on file, got %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Kind != c.kind || p.ContentType != c.ct {
				t.Fatalf("kind %s type %s, want %s %s", p.Kind, p.ContentType, c.kind, c.ct)
			}
			if c.kind == Document {
				if p.Thumbnail != nil || !bytes.Equal(p.Content, c.content) {
					t.Fatalf("a document is kept as given, without a thumbnail")
				}
				return
			}
			if p.Width != c.w || p.Height != c.h {
				t.Fatalf("size %dx%d, want %dx%d", p.Width, p.Height, c.w, c.h)
			}
			stored, _, err := image.Decode(bytes.NewReader(p.Content))
			if err != nil || stored.Bounds().Dx() != c.w || stored.Bounds().Dy() != c.h {
				t.Fatalf("stored image: %v %v", stored.Bounds(), err)
			}
			thumb, err := jpeg.Decode(bytes.NewReader(p.Thumbnail))
			if err != nil {
				t.Fatal(err)
			}
			if b := thumb.Bounds(); b.Dx() > ThumbSize || b.Dy() > ThumbSize || (c.w > ThumbSize && b.Dx() != ThumbSize) {
				t.Fatalf("thumbnail %v", b)
			}
			if c.ct == "image/jpeg" && bytes.Contains(p.Content, []byte("Exif")) {
				t.Fatal("the stored photo keeps its EXIF block")
			}
		})
	}
	// orientation 6 asks for a quarter turn clockwise: the red left half ends up on top
	p, err := Process(withOrientation(testJPEG(t, 40, 20), 6))
	if err != nil {
		t.Fatal(err)
	}
	img, _ := jpeg.Decode(bytes.NewReader(p.Content))
	top, bottom := img.At(10, 5), img.At(10, 35)
	if r, _, _, _ := top.RGBA(); r < 0x8000 {
		t.Errorf("top of the turned photo is not red: %v", top)
	}
	if r, _, _, _ := bottom.RGBA(); r > 0x8000 {
		t.Errorf("bottom of the turned photo is red: %v", bottom)
	}
}

func TestSafeName(t *testing.T) {
	cases := []struct{ in, ct, want string }{
		{"整改后.jpg", "image/jpeg", "整改后.jpg"},
		{"IMG_0001.JPEG", "image/jpeg", "IMG_0001.JPEG"},
		{"../../etc/passwd", "application/pdf", "passwd.pdf"},
		{`C:\Users\张三\现场.png`, "image/png", "现场.png"},
		{"report.exe", "image/jpeg", "report.exe.jpg"},
		{"a\"b\r\nContent-Type: text/html.pdf", "application/pdf", "html.pdf"},
		{"a\"b\r\nc.pdf", "application/pdf", "abc.pdf"},
		{"evil\u202egpj.exe", "image/png", "evilgpj.exe.png"},
		{"", "image/webp", "附件.webp"},
		{"...", "application/pdf", "附件.pdf"},
		{strings.Repeat("长", 300) + ".pdf", "application/pdf", strings.Repeat("长", 196) + ".pdf"},
	}
	for _, c := range cases {
		if got := SafeName(c.in, c.ct); got != c.want {
			t.Errorf("SafeName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
