// Package files keeps the photos and documents of inspections, hazard steps and incidents: what a
// file may be (sniffed from its bytes, never the client's word), how photos are turned upright and
// thumbnailed on upload, who may attach and read them (server/policy), and where the bytes live
// (Blobs: PostgreSQL by default).
package files

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	_ "image/png" // decoders registered for image.DecodeConfig and imaging
	"net/http"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/disintegration/imaging"
	_ "golang.org/x/image/webp"

	"zeroaccident/server/campaign"
)

// Kind tells photos from documents.
type Kind string

const (
	Photo    Kind = "PHOTO"
	Document Kind = "DOCUMENT"
)

// Stage is the moment of the loop a file documents: a hazard's 整改前 / 整改后 / 验收, or plain
// evidence of an inspection or incident.
type Stage string

const (
	StageBefore       Stage = "BEFORE"       // 整改前
	StageAfter        Stage = "AFTER"        // 整改后
	StageVerification Stage = "VERIFICATION" // 验收
	StageEvidence     Stage = "EVIDENCE"
)

// OwnerType is the kind of row a file belongs to.
type OwnerType string

const (
	OwnerInspection OwnerType = "INSPECTION"
	OwnerHazard     OwnerType = "HAZARD"
	OwnerIncident   OwnerType = "INCIDENT"
)

// Owner names the row a file belongs to.
type Owner struct {
	Type OwnerType
	ID   int64
}

// Limits of what may be attached.
const (
	MaxFileBytes = 10 << 20
	// MaxPerOwner bounds the files of one inspection, hazard or incident, so their lists need no
	// paging and one row cannot fill the database.
	MaxPerOwner = 20
	// MaxPixels refuses decompression bombs before an image is decoded.
	MaxPixels = 50_000_000
	// ThumbSize is the longer side of a thumbnail.
	ThumbSize = 320
)

// Attachment is one stored file.
type Attachment struct {
	ID             int64
	Owner          Owner
	UnitID         int64
	CountyCode     string
	Kind           Kind
	Stage          Stage
	FileName       string
	ContentType    string
	Size           int
	SHA256         string
	Width, Height  *int
	HasThumbnail   bool
	UploadedBy     *int64
	UploadedByName string
	CreatedAt      time.Time
}

// URL is where the file is served (to readers of its owning row).
func (a Attachment) URL() string { return fmt.Sprintf("/files/%d", a.ID) }

// ThumbnailURL is where the thumbnail of a photo is served; nil for documents.
func (a Attachment) ThumbnailURL() *string {
	if !a.HasThumbnail {
		return nil
	}
	u := fmt.Sprintf("/files/%d/thumb", a.ID)
	return &u
}

// allowed maps the types sniffed from the bytes to their kind and file extension. Nothing else is
// accepted: no SVG (it carries script), no HTML, no executables, no office files with macros.
var allowed = map[string]struct {
	kind Kind
	ext  string
}{
	"image/jpeg":      {Photo, ".jpg"},
	"image/png":       {Photo, ".png"},
	"image/webp":      {Photo, ".webp"},
	"application/pdf": {Document, ".pdf"},
}

// Processed is an upload made ready to store.
type Processed struct {
	Kind          Kind
	ContentType   string
	Content       []byte
	Thumbnail     []byte
	Width, Height int
}

// Process checks an upload and prepares it: the type is sniffed from the bytes (the WHATWG
// algorithm of net/http), images must decode within MaxPixels, JPEGs are turned upright by their
// EXIF orientation and re-encoded (which also drops their metadata, GPS position included), and
// every image gets a JPEG thumbnail. Errors are BAD_USER_INPUT on field "file".
func Process(content []byte) (Processed, error) {
	if len(content) == 0 {
		return Processed{}, campaign.Invalid("file", "文件为空 (the file is empty)")
	}
	if len(content) > MaxFileBytes {
		return Processed{}, campaign.Invalid("file", "文件超过 10 MB (the file is over 10 MB)")
	}
	ct := http.DetectContentType(content)
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	a, ok := allowed[ct]
	if !ok {
		return Processed{}, campaign.Invalid("file", "只接受 JPEG、PNG、WebP 图片和 PDF 文件 (only JPEG, PNG and WebP images and PDF files are accepted)")
	}
	p := Processed{Kind: a.kind, ContentType: ct, Content: content}
	if a.kind == Document {
		return p, nil
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(content))
	if err != nil {
		return Processed{}, campaign.Invalid("file", "图片无法读取 (the image cannot be read)")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > MaxPixels {
		return Processed{}, campaign.Invalid("file", "图片尺寸过大，最多 5000 万像素 (the image is over 50 megapixels)")
	}
	img, err := imaging.Decode(bytes.NewReader(content), imaging.AutoOrientation(true))
	if err != nil {
		return Processed{}, campaign.Invalid("file", "图片无法读取 (the image cannot be read)")
	}
	if ct == "image/jpeg" {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
			return Processed{}, fmt.Errorf("re-encode photo: %w", err)
		}
		p.Content = buf.Bytes()
	}
	b := img.Bounds()
	p.Width, p.Height = b.Dx(), b.Dy()
	thumb := imaging.Fit(img, ThumbSize, ThumbSize, imaging.Lanczos)
	var tb bytes.Buffer
	if err := jpeg.Encode(&tb, thumb, &jpeg.Options{Quality: 80}); err != nil {
		return Processed{}, fmt.Errorf("encode thumbnail: %w", err)
	}
	p.Thumbnail = tb.Bytes()
	return p, nil
}

// SafeName makes a client's file name safe to store and to put in a Content-Disposition header:
// no directories, no control or format characters, at most 200 characters, and an extension that
// matches the sniffed type (a photo named report.exe becomes report.exe.jpg).
func SafeName(name, contentType string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '"' || r == '/' || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(strings.Trim(name, ". "))
	ext := allowed[contentType].ext
	if name == "" {
		name = "附件"
	}
	if e := strings.ToLower(path.Ext(name)); e != ext && !(ext == ".jpg" && e == ".jpeg") {
		name += ext
	}
	if r := []rune(name); len(r) > 200 {
		name = string(r[:200-len(ext)]) + ext
	}
	return name
}

// StagesFor are the stages a file of the owner may document; the first is the default.
func StagesFor(t OwnerType) []Stage {
	if t == OwnerHazard {
		return []Stage{StageBefore, StageAfter, StageVerification}
	}
	return []Stage{StageEvidence}
}
