package files

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"zeroaccident/server/postgres"
)

// DemoPicture makes the demo bytes of a hazard's photo of one stage (deterministic).
type DemoPicture func(hazardID int64, stage Stage) []byte

// SeedDemoPhotos attaches photos to up to limit of the latest hazards of the units that have a
// unit officer's account, as the demo's field users would have: 整改前 for every one, 整改后 once
// rectification was reported, 验收 once verified. Idempotent: it does nothing when any attachment
// exists. For demo data only (no audit entries); it returns how many files it stored.
func SeedDemoPhotos(ctx context.Context, db *postgres.DB, limit int, picture DemoPicture) (int, error) {
	n := 0
	err := db.InTx(ctx, func(tx *postgres.DB) error {
		var existing int64
		if err := tx.Conn(ctx).Model(&attachmentRow{}).Count(&existing).Error; err != nil {
			return postgres.MapError(err, "count attachments")
		}
		if existing > 0 {
			return nil
		}
		var hazards []struct {
			ID, UnitID, OfficerID int64
			CountyCode, State     string
			OfficerName           string
		}
		err := tx.Conn(ctx).Raw(`
			SELECT h.id, h.unit_id, h.county_code, h.state, o.id AS officer_id, o.username AS officer_name
			FROM hazards h
			JOIN LATERAL (SELECT id, username FROM users WHERE unit_id = h.unit_id AND role = 'UNIT_OFFICER' ORDER BY id LIMIT 1) o ON true
			ORDER BY h.found_on DESC, h.id DESC LIMIT ?`, limit).Scan(&hazards).Error
		if err != nil {
			return postgres.MapError(err, "find demo hazards")
		}
		for _, h := range hazards {
			stages := []Stage{StageBefore}
			switch h.State {
			case "RECTIFYING":
				stages = append(stages, StageAfter)
			case "VERIFIED", "CLOSED":
				stages = append(stages, StageAfter, StageVerification)
			}
			for _, st := range stages {
				p, err := Process(picture(h.ID, st))
				if err != nil {
					return fmt.Errorf("demo photo of hazard %d: %w", h.ID, err)
				}
				sum := sha256.Sum256(p.Content)
				by := h.OfficerID
				att := Attachment{Owner: Owner{OwnerHazard, h.ID}, UnitID: h.UnitID, CountyCode: h.CountyCode, Kind: Photo, Stage: st,
					FileName:    fmt.Sprintf("%s-%d.jpg", map[Stage]string{StageBefore: "整改前", StageAfter: "整改后", StageVerification: "验收"}[st], h.ID),
					ContentType: p.ContentType, Size: len(p.Content), SHA256: hex.EncodeToString(sum[:]), Width: &p.Width, Height: &p.Height,
					HasThumbnail: true, UploadedBy: &by, UploadedByName: h.OfficerName}
				out, err := store{}.insert(ctx, tx, att)
				if err != nil {
					return err
				}
				if err := (PGBlobs{}).Put(ctx, tx, out.ID, Original, p.Content); err != nil {
					return err
				}
				if err := (PGBlobs{}).Put(ctx, tx, out.ID, Thumbnail, p.Thumbnail); err != nil {
					return err
				}
				n++
			}
		}
		return nil
	})
	return n, err
}
