package files

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strconv"

	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
	"zeroaccident/server/postgres"
)

// Service attaches, lists and serves files.
type Service struct {
	db    *postgres.DB
	blobs Blobs
	st    store
}

// New returns the files service; blobs nil means PostgreSQL.
func New(db *postgres.DB, blobs Blobs) *Service {
	if blobs == nil {
		blobs = PGBlobs{}
	}
	return &Service{db: db, blobs: blobs}
}

// ReadUpload reads an upload's bytes, refusing more than MaxFileBytes before reading them all.
func ReadUpload(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read upload: %w", err)
	}
	if len(b) > MaxFileBytes {
		return nil, campaign.Invalid("file", "文件超过 10 MB (the file is over 10 MB)")
	}
	return b, nil
}

// Upload attaches a file to an inspection, hazard or incident. Whoever may act on the owning row
// (policy.AttachToInspection, AttachToIncident, AttachToHazard); stage defaults to the owner's first (hazards:
// BEFORE, others: EVIDENCE). At most MaxPerOwner files per owner.
// Errors: UNAUTHENTICATED, NOT_FOUND (owner outside the caller's scope), FORBIDDEN, BAD_USER_INPUT
// (field "owner", "stage" or "file").
func (s *Service) Upload(ctx context.Context, owner Owner, stage *Stage, fileName string, content []byte) (Attachment, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return Attachment{}, err
	}
	var out Attachment
	err = s.db.InTx(ctx, func(tx *postgres.DB) error {
		if owner.Type != OwnerInspection && owner.Type != OwnerHazard && owner.Type != OwnerIncident {
			return campaign.Invalid("owner.type", "未知的附件所属类型 (unknown owner type)")
		}
		unitID, err := s.st.lockOwner(ctx, tx, owner)
		if err != nil {
			return err
		}
		u, err := tx.Unit(ctx, unitID)
		if err != nil {
			return err
		}
		if err := policy.ReadAttachment(a, u); err != nil {
			return err
		}
		if err := s.mayAttach(ctx, tx, a, u, owner); err != nil {
			return err
		}
		stages := StagesFor(owner.Type)
		st := stages[0]
		if stage != nil {
			if !slices.Contains(stages, *stage) {
				return campaign.Invalid("stage", "此类记录的附件不能标为 %s (files of this record cannot be marked %s)", *stage, *stage)
			}
			st = *stage
		}
		n, err := s.st.count(ctx, tx, owner)
		if err != nil {
			return err
		}
		if n >= MaxPerOwner {
			return campaign.Invalid("file", "每条记录最多 %d 个附件 (at most %d files per record)", MaxPerOwner, MaxPerOwner)
		}
		p, err := Process(content)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(p.Content)
		att := Attachment{Owner: owner, UnitID: u.ID, CountyCode: u.CountyCode, Kind: p.Kind, Stage: st,
			FileName: SafeName(fileName, p.ContentType), ContentType: p.ContentType, Size: len(p.Content),
			SHA256: hex.EncodeToString(sum[:]), HasThumbnail: p.Thumbnail != nil, UploadedBy: &a.UserID, UploadedByName: a.Username}
		if p.Kind == Photo {
			att.Width, att.Height = &p.Width, &p.Height
		}
		if out, err = s.st.insert(ctx, tx, att); err != nil {
			return err
		}
		if err := s.blobs.Put(ctx, tx, out.ID, Original, p.Content); err != nil {
			return err
		}
		if p.Thumbnail != nil {
			if err := s.blobs.Put(ctx, tx, out.ID, Thumbnail, p.Thumbnail); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, postgres.ChangeBy(ctx, a, "uploadAttachment", "attachment", strconv.FormatInt(out.ID, 10), u.CountyCode, nil, out))
	})
	return out, err
}

func (s *Service) mayAttach(ctx context.Context, tx *postgres.DB, a *policy.Actor, u campaign.Unit, owner Owner) error {
	switch owner.Type {
	case OwnerInspection:
		return policy.AttachToInspection(a, u)
	case OwnerIncident:
		return policy.AttachToIncident(a, u)
	}
	h, err := tx.Hazard(ctx, owner.ID)
	if err != nil {
		return err
	}
	return policy.AttachToHazard(a, u, h)
}

// Open returns a file's metadata and bytes (or its thumbnail's) to a reader of the owning row.
// Errors: UNAUTHENTICATED, NOT_FOUND (no such file, no thumbnail, or outside the caller's scope).
func (s *Service) Open(ctx context.Context, id int64, v Variant) (Attachment, []byte, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return Attachment{}, nil, err
	}
	att, err := s.st.byID(ctx, s.db, id)
	if err != nil {
		return Attachment{}, nil, err
	}
	u, err := s.db.Unit(ctx, att.UnitID)
	if err != nil {
		return Attachment{}, nil, err
	}
	if err := policy.ReadAttachment(a, u); err != nil {
		return Attachment{}, nil, err
	}
	if v == Thumbnail && !att.HasThumbnail {
		return Attachment{}, nil, campaign.ErrNotFound
	}
	b, err := s.blobs.Get(ctx, s.db, id, v)
	return att, b, err
}

// ByOwners loads the files of the given owners, one statement per owner type, for the batch loads
// behind lists whose rows were already checked against the caller's scope.
func (s *Service) ByOwners(ctx context.Context, owners []Owner) (map[Owner][]Attachment, error) {
	return policy.SignedIn(ctx, func() (map[Owner][]Attachment, error) {
		ids := map[OwnerType][]int64{}
		for _, o := range owners {
			ids[o.Type] = append(ids[o.Type], o.ID)
		}
		out := make(map[Owner][]Attachment, len(owners))
		for _, t := range []OwnerType{OwnerInspection, OwnerHazard, OwnerIncident} {
			if len(ids[t]) == 0 {
				continue
			}
			list, err := s.st.byOwners(ctx, s.db, t, ids[t])
			if err != nil {
				return nil, err
			}
			for _, att := range list {
				out[att.Owner] = append(out[att.Owner], att)
			}
		}
		return out, nil
	})
}
