package files

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"zeroaccident/server/campaign"
	"zeroaccident/server/postgres"
)

// Variant is which bytes of an attachment: the file itself or its thumbnail.
type Variant string

const (
	Original  Variant = "ORIGINAL"
	Thumbnail Variant = "THUMBNAIL"
)

// Blobs keep the bytes of attachments. PGBlobs, the default, writes them in the uploading
// transaction (tx), so a failed upload leaves nothing behind; an object store would ignore tx and
// write under the key (id, variant) before the metadata commits.
type Blobs interface {
	Put(ctx context.Context, tx *postgres.DB, id int64, v Variant, content []byte) error
	Get(ctx context.Context, db *postgres.DB, id int64, v Variant) ([]byte, error)
}

// PGBlobs stores the bytes in the attachment_blobs table.
type PGBlobs struct{}

type blobRow struct {
	AttachmentID int64  `gorm:"primaryKey"`
	Variant      string `gorm:"primaryKey"`
	Content      []byte
}

func (blobRow) TableName() string { return "attachment_blobs" }

// Put stores one variant's bytes.
func (PGBlobs) Put(ctx context.Context, tx *postgres.DB, id int64, v Variant, content []byte) error {
	err := tx.Conn(ctx).Create(&blobRow{AttachmentID: id, Variant: string(v), Content: content}).Error
	return postgres.MapError(err, fmt.Sprintf("store attachment %d %s", id, v))
}

// Get loads one variant's bytes; NOT_FOUND when there are none.
func (PGBlobs) Get(ctx context.Context, db *postgres.DB, id int64, v Variant) ([]byte, error) {
	var row blobRow
	err := db.Conn(ctx).Where("attachment_id = ? AND variant = ?", id, string(v)).Take(&row).Error
	if err != nil {
		return nil, postgres.MapError(err, fmt.Sprintf("load attachment %d %s", id, v))
	}
	return row.Content, nil
}

type attachmentRow struct {
	ID             int64 `gorm:"primaryKey"`
	InspectionID   *int64
	HazardID       *int64
	IncidentID     *int64
	UnitID         int64
	CountyCode     string
	Kind           string
	Stage          string
	FileName       string
	ContentType    string
	Size           int
	SHA256         string `gorm:"column:sha256"`
	Width          *int
	Height         *int
	HasThumbnail   bool
	UploadedBy     *int64
	UploadedByName string
	CreatedAt      time.Time `gorm:"default:now()"`
}

func (attachmentRow) TableName() string { return "attachments" }

func ownerColumn(t OwnerType) string {
	switch t {
	case OwnerInspection:
		return "inspection_id"
	case OwnerHazard:
		return "hazard_id"
	case OwnerIncident:
		return "incident_id"
	}
	panic("files: unknown owner type " + string(t))
}

func ownerTable(t OwnerType) string {
	switch t {
	case OwnerInspection:
		return "inspections"
	case OwnerHazard:
		return "hazards"
	case OwnerIncident:
		return "incidents"
	}
	panic("files: unknown owner type " + string(t))
}

func toAttachment(r attachmentRow) Attachment {
	a := Attachment{ID: r.ID, UnitID: r.UnitID, CountyCode: r.CountyCode, Kind: Kind(r.Kind), Stage: Stage(r.Stage),
		FileName: r.FileName, ContentType: r.ContentType, Size: r.Size, SHA256: r.SHA256, Width: r.Width, Height: r.Height,
		HasThumbnail: r.HasThumbnail, UploadedBy: r.UploadedBy, UploadedByName: r.UploadedByName, CreatedAt: r.CreatedAt}
	switch {
	case r.InspectionID != nil:
		a.Owner = Owner{OwnerInspection, *r.InspectionID}
	case r.HazardID != nil:
		a.Owner = Owner{OwnerHazard, *r.HazardID}
	case r.IncidentID != nil:
		a.Owner = Owner{OwnerIncident, *r.IncidentID}
	}
	return a
}

// store is the SQL of the files feature.
type store struct{}

// lockOwner locks the owning row for the rest of the transaction (so two uploads cannot both pass
// the per-owner count) and returns its unit; NOT_FOUND when it does not exist.
func (store) lockOwner(ctx context.Context, tx *postgres.DB, o Owner) (int64, error) {
	var ids []int64
	err := tx.Conn(ctx).Raw("SELECT unit_id FROM "+ownerTable(o.Type)+" WHERE id = ? FOR UPDATE", o.ID).Scan(&ids).Error
	if err != nil {
		return 0, postgres.MapError(err, fmt.Sprintf("lock %s %d", o.Type, o.ID))
	}
	if len(ids) == 0 {
		return 0, campaign.ErrNotFound
	}
	return ids[0], nil
}

func (store) count(ctx context.Context, tx *postgres.DB, o Owner) (int, error) {
	var n int64
	err := tx.Conn(ctx).Model(&attachmentRow{}).Where(ownerColumn(o.Type)+" = ?", o.ID).Count(&n).Error
	return int(n), postgres.MapError(err, "count attachments")
}

func (store) insert(ctx context.Context, tx *postgres.DB, a Attachment) (Attachment, error) {
	r := attachmentRow{UnitID: a.UnitID, CountyCode: a.CountyCode, Kind: string(a.Kind), Stage: string(a.Stage),
		FileName: a.FileName, ContentType: a.ContentType, Size: a.Size, SHA256: a.SHA256, Width: a.Width, Height: a.Height,
		HasThumbnail: a.HasThumbnail, UploadedBy: a.UploadedBy, UploadedByName: a.UploadedByName}
	id := a.Owner.ID
	switch a.Owner.Type {
	case OwnerInspection:
		r.InspectionID = &id
	case OwnerHazard:
		r.HazardID = &id
	case OwnerIncident:
		r.IncidentID = &id
	}
	if err := tx.Conn(ctx).Create(&r).Error; err != nil {
		return Attachment{}, postgres.MapError(err, "store attachment")
	}
	return toAttachment(r), nil
}

func (store) byID(ctx context.Context, db *postgres.DB, id int64) (Attachment, error) {
	var r attachmentRow
	if err := db.Conn(ctx).Take(&r, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return Attachment{}, campaign.ErrNotFound
		}
		return Attachment{}, postgres.MapError(err, fmt.Sprintf("load attachment %d", id))
	}
	return toAttachment(r), nil
}

// byOwners loads the attachments of many owners of one type in one statement, oldest first.
func (store) byOwners(ctx context.Context, db *postgres.DB, t OwnerType, ids []int64) ([]Attachment, error) {
	var rows []attachmentRow
	col := ownerColumn(t)
	if err := db.Conn(ctx).Where(col+" IN ?", ids).Order(col + ", id").Find(&rows).Error; err != nil {
		return nil, postgres.MapError(err, "load attachments")
	}
	out := make([]Attachment, len(rows))
	for i, r := range rows {
		out[i] = toAttachment(r)
	}
	return out, nil
}

// HasHazardPhoto reports whether the hazard has a photo of the stage, for the loop's rule that a
// unit closing its own hazard shows the work done (整改后).
func HasHazardPhoto(ctx context.Context, db *postgres.DB, hazardID int64, stage Stage) (bool, error) {
	var n int64
	err := db.Conn(ctx).Model(&attachmentRow{}).Where("hazard_id = ? AND stage = ? AND kind = ?", hazardID, string(stage), string(Photo)).
		Limit(1).Count(&n).Error
	return n > 0, postgres.MapError(err, "look for hazard photos")
}
