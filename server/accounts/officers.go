package accounts

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"zeroaccident/server/auth"
	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
	"zeroaccident/server/postgres"
)

// Bulk creation of unit-officer accounts.
const (
	// MaxOfficerBatch bounds one call: each account costs one password hash.
	MaxOfficerBatch = 200
	// SheetTTL is how long the password sheet waits for its one download.
	SheetTTL = 15 * time.Minute
)

// OfficerBatch is what a bulk creation did.
type OfficerBatch struct {
	Created []campaign.User
	// Skipped are units that already had an officer account, with its username.
	Skipped []SkippedUnit
	// SheetToken fetches the password sheet once (empty when nothing was created).
	SheetToken     string
	SheetExpiresAt time.Time
	// Remaining counts the town's units still without an officer account (town selection only).
	Remaining int
}

// SkippedUnit is a unit that already had an officer account.
type SkippedUnit struct {
	UnitID   int64
	Username string
}

// passwordAlphabet leaves out characters that are easily misread on paper (0/O, 1/l/I).
const passwordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

func randomPassword() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random password: %w", err)
	}
	for i := range b {
		b[i] = passwordAlphabet[int(b[i])%len(passwordAlphabet)]
	}
	return string(b), nil
}

// CreateUnitOfficers creates one UNIT_OFFICER account per unit that has none: the given units (at
// most MaxOfficerBatch), or up to MaxOfficerBatch units of a town without one. Each account gets a
// random one-time password (changed at the first sign-in); the passwords leave the server once, in
// a sheet its caller downloads within SheetTTL. Idempotent: units with an officer account are
// skipped and reported. Whoever may manage unit officers of the units (policy.ManageAccount).
// Errors: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND (a unit outside the caller's scope), BAD_USER_INPUT.
func (s *Service) CreateUnitOfficers(ctx context.Context, unitIDs []int64, townCode *string) (OfficerBatch, error) {
	var out OfficerBatch
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return out, err
	}
	if err := policy.ManageAnyUsers(a); err != nil {
		return out, err
	}
	switch {
	case (len(unitIDs) == 0) == (townCode == nil):
		return out, campaign.Invalid("unitIds", "请选择单位或乡镇之一 (give either units or a town)")
	case len(unitIDs) > MaxOfficerBatch:
		return out, campaign.Invalid("unitIds", "每次最多 %d 个单位 (at most %d units a call)", MaxOfficerBatch, MaxOfficerBatch)
	}
	var units []campaign.Unit
	if townCode != nil {
		if err := policy.ManageAccount(a, policy.Account{Role: policy.UnitOfficer, CountyCode: countyOfTown(*townCode), TownCode: *townCode}); err != nil {
			return out, err
		}
		if units, out.Remaining, err = s.db.UnitsWithoutOfficer(ctx, policy.ReadScope(a), *townCode, MaxOfficerBatch); err != nil {
			return out, err
		}
	} else {
		byID, err := s.db.UnitsByID(ctx, unitIDs)
		if err != nil {
			return out, err
		}
		seen := map[int64]bool{}
		for _, id := range unitIDs {
			u, ok := byID[id]
			if !ok || !policy.CanRead(a, u) {
				return out, campaign.ErrNotFound
			}
			if u.ArchivedOn != nil {
				return out, campaign.Invalid("unitIds", "单位“%s”已归档 (unit %d is archived)", u.Name, u.ID)
			}
			if err := policy.ManageAccount(a, policy.Account{Role: policy.UnitOfficer, CountyCode: u.CountyCode, TownCode: u.TownCode}); err != nil {
				return out, err
			}
			if !seen[id] {
				seen[id] = true
				units = append(units, u)
			}
		}
	}
	ids := make([]int64, len(units))
	for i, u := range units {
		ids[i] = u.ID
	}
	existing, err := s.db.OfficerUsernames(ctx, ids)
	if err != nil {
		return out, err
	}
	type pending struct {
		unit     campaign.Unit
		password string
		hash     string
	}
	var todo []pending
	for _, u := range units {
		if name, ok := existing[u.ID]; ok {
			out.Skipped = append(out.Skipped, SkippedUnit{UnitID: u.ID, Username: name})
			continue
		}
		pw, err := randomPassword()
		if err != nil {
			return out, err
		}
		// hashed before the transaction, which then stays short
		hash, err := auth.HashPassword(pw)
		if err != nil {
			return out, fmt.Errorf("hash initial password: %w", err)
		}
		todo = append(todo, pending{u, pw, hash})
	}
	if len(todo) == 0 {
		return out, nil
	}
	token, key, tokenHash, err := newSheetToken()
	if err != nil {
		return out, err
	}
	out.SheetToken, out.SheetExpiresAt = token, s.now().Add(SheetTTL)
	err = s.db.InTx(ctx, func(tx *postgres.DB) error {
		out.Created = out.Created[:0]
		rows := make([][]string, 0, len(todo))
		for _, p := range todo {
			u := p.unit
			name, err := tx.FreeUsername(ctx, "unit_"+strconv.FormatInt(u.ID, 10))
			if err != nil {
				return err
			}
			created, err := tx.CreateUser(ctx, campaign.User{
				Username: name, DisplayName: truncate(u.Name, 90) + "安全员", Role: policy.UnitOfficer,
				CountyCode: &u.CountyCode, TownCode: &u.TownCode, UnitID: &u.ID, MustChangePassword: true, CreatedBy: &a.UserID,
			}, p.hash)
			if err != nil {
				return err
			}
			if err := tx.Audit(ctx, s.entry(ctx, a, "createUnitOfficer", "user", strconv.FormatInt(created.ID, 10), nil, created)); err != nil {
				return err
			}
			out.Created = append(out.Created, created)
			rows = append(rows, []string{name, u.Name, strconv.FormatInt(u.ID, 10), p.password})
		}
		sheet, err := passwordSheet(rows)
		if err != nil {
			return err
		}
		sealed, err := seal(key, sheet)
		if err != nil {
			return err
		}
		return tx.InsertPasswordSheet(ctx, tokenHash, a.UserID, sealed, out.SheetExpiresAt)
	})
	if err != nil {
		return OfficerBatch{}, err
	}
	return out, nil
}

func countyOfTown(town string) string {
	if len(town) < 6 {
		return ""
	}
	return town[:6]
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

// newSheetToken returns a random download token, the sealing key derived from it and the hash the
// database keeps to find the sheet.
func newSheetToken() (token string, key, hash []byte, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, nil, fmt.Errorf("sheet token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	key, hash = sheetKeys(token)
	return token, key, hash, nil
}

func sheetKeys(token string) (key, hash []byte) {
	k := sha256.Sum256([]byte("password-sheet-key\x00" + token))
	h := sha256.Sum256([]byte("password-sheet-id\x00" + token))
	return k[:], h[:]
}

func seal(key, plain []byte) ([]byte, error) {
	gcm, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("seal sheet: %w", err)
	}
	return gcm.Seal(nonce, nonce, plain, nil), nil
}

func open(key, sealed []byte) ([]byte, error) {
	gcm, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	if len(sealed) < gcm.NonceSize() {
		return nil, fmt.Errorf("open sheet: too short")
	}
	plain, err := gcm.Open(nil, sealed[:gcm.NonceSize()], sealed[gcm.NonceSize():], nil)
	if err != nil {
		return nil, fmt.Errorf("open sheet: %w", err)
	}
	return plain, nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("sheet cipher: %w", err)
	}
	return cipher.NewGCM(block)
}

// passwordSheet lays out the sheet to print and hand out: username, unit, unit id, initial password.
func passwordSheet(rows [][]string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "初始密码"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, fmt.Errorf("password sheet: %w", err)
	}
	all := append([][]string{{"用户名", "单位", "单位编号", "初始密码（首次登录须修改）"}}, rows...)
	for i, r := range all {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return nil, err
		}
		vals := make([]any, len(r))
		for j, v := range r {
			vals[j] = v
		}
		if err := f.SetSheetRow(sheet, cell, &vals); err != nil {
			return nil, fmt.Errorf("password sheet: %w", err)
		}
	}
	_ = f.SetColWidth(sheet, "A", "A", 20)
	_ = f.SetColWidth(sheet, "B", "B", 40)
	_ = f.SetColWidth(sheet, "D", "D", 28)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("password sheet: %w", err)
	}
	return buf.Bytes(), nil
}

// ErrSheetGone answers a password sheet that was downloaded already, expired, or is someone else's.
var ErrSheetGone = &campaign.Error{Code: campaign.ENOTFOUND, Message: "密码表已下载或已过期 (the password sheet was downloaded already or has expired)"}

// WritePasswordSheet writes a bulk creation's password sheet and forgets it: once, within SheetTTL,
// to the user who created the accounts. Errors: UNAUTHENTICATED, NOT_FOUND.
func (s *Service) WritePasswordSheet(ctx context.Context, token string, w io.Writer) error {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return err
	}
	if len(token) == 0 || len(token) > 100 {
		return ErrSheetGone
	}
	key, hash := sheetKeys(token)
	var sheet []byte
	err = s.db.InTx(ctx, func(tx *postgres.DB) error {
		sealed, err := tx.TakePasswordSheet(ctx, hash, a.UserID, s.now())
		if err != nil {
			return err
		}
		if sheet, err = open(key, sealed); err != nil {
			return err
		}
		return tx.Audit(ctx, s.entry(ctx, a, "downloadPasswordSheet", "user", strconv.FormatInt(a.UserID, 10), nil, nil))
	})
	if err != nil {
		if campaign.ErrorCode(err) == campaign.ENOTFOUND {
			return ErrSheetGone
		}
		return err
	}
	_, err = w.Write(sheet)
	return err
}
