package seed

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"

	"zeroaccident/server/files"
	"zeroaccident/server/postgres"
)

// DemoPhotoHazards is how many of the latest hazards of units with an officer's account get photos.
const DemoPhotoHazards = 60

// DemoPhotos attaches small generated photos (整改前 / 整改后 / 验收) to the latest hazards of the demo
// units that have a unit officer; idempotent. After FieldUsers, which makes those accounts.
func DemoPhotos(ctx context.Context, db *postgres.DB) (int, error) {
	return files.SeedDemoPhotos(ctx, db, DemoPhotoHazards, demoPicture)
}

// demoPicture draws a 480×360 scene whose colours follow the stage: a grey wall with a red mark
// before, the mark gone after, a green tick at verification; the hazard id shifts it, so photos
// differ.
func demoPicture(id int64, stage files.Stage) []byte {
	const w, h = 480, 360
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	shade := uint8(150 + id%60)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{shade, shade, shade - 10, 255}
			if y > h*2/3 {
				c = color.RGBA{110, 90, 70, 255} // floor
			}
			img.Set(x, y, c)
		}
	}
	ox := 80 + int(id%200)
	fill := func(x0, y0, x1, y1 int, c color.RGBA) {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				img.Set(x, y, c)
			}
		}
	}
	switch stage {
	case files.StageBefore:
		fill(ox, 120, ox+120, 230, color.RGBA{200, 40, 30, 255}) // the hazard
	case files.StageAfter:
		fill(ox, 120, ox+120, 230, color.RGBA{230, 230, 220, 255}) // cleared
	default:
		fill(ox, 120, ox+120, 230, color.RGBA{230, 230, 220, 255})
		for i := 0; i < 40; i++ { // a tick
			fill(ox+20+i, 180+i/2, ox+26+i, 186+i/2, color.RGBA{30, 150, 60, 255})
			fill(ox+60+i, 200-i, ox+66+i, 206-i, color.RGBA{30, 150, 60, 255})
		}
	}
	var b bytes.Buffer
	_ = jpeg.Encode(&b, img, &jpeg.Options{Quality: 70})
	return b.Bytes()
}
