// Package accounts signs users in and out and manages their accounts: login with lock-out,
// refresh-token rotation with reuse detection, password changes, and the city admin's user
// management. It turns a bearer token back into a policy.Actor on every request.
package accounts

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"zeroaccident/server/auth"
	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
	"zeroaccident/server/postgres"
	"zeroaccident/server/reqinfo"
)

// Lock-out: after MaxFailures failed logins for one name within LockWindow, the name is locked
// for LockWindow from the last failure.
const (
	MaxFailures = 5
	LockWindow  = 15 * time.Minute
)

// RefreshTTL is how long a login session lasts without use.
const RefreshTTL = 12 * time.Hour

var (
	// ErrBadCredentials is the one answer to an unknown name, a wrong password and a deactivated account.
	ErrBadCredentials = &campaign.Error{Code: campaign.EUNAUTHENTICATED, Message: "用户名或密码错误 (wrong username or password)"}
	// ErrSessionEnded answers a refresh token that is unknown, used, revoked or expired.
	ErrSessionEnded = &campaign.Error{Code: campaign.EUNAUTHENTICATED, Message: "登录已失效，请重新登录 (session ended: sign in again)"}
)

// Service is the accounts application service.
type Service struct {
	db     *postgres.DB
	tokens *auth.Tokens
	now    func() time.Time
	log    *slog.Logger
	// sessions keeps the session check's results while WatchSessions runs
	sessions *sessionCache
}

// New returns the accounts service.
func New(db *postgres.DB, tokens *auth.Tokens, now func() time.Time, log *slog.Logger) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, tokens: tokens, now: now, log: log, sessions: newSessionCache()}
}

// Session is what a successful login or refresh hands the client.
type Session struct {
	AccessToken          string
	AccessTokenExpiresAt time.Time
	RefreshToken         string
	User                 campaign.User
}

// NormalizeUsername is how names are compared: trimmed and lower-case.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Login checks a name and password. Anyone may call it. Every attempt, failed or not, is audited.
// Errors: UNAUTHENTICATED (wrong name or password, or the name is locked).
func (s *Service) Login(ctx context.Context, username, password, clientIP string) (*Session, error) {
	username = NormalizeUsername(username)
	now := s.now()
	var session *Session
	var refusal error
	err := s.db.InTx(ctx, func(tx *postgres.DB) error {
		// failures older than two windows can no longer start or extend a lock
		failures, err := tx.RecentLoginFailures(ctx, username, now.Add(-2*LockWindow), MaxFailures)
		if err != nil {
			return err
		}
		if until, locked := LockedUntil(failures, now); locked {
			// Still hash, so a locked name answers in the same time as any other.
			auth.CheckPasswordAgainstDummy(password)
			refusal = lockedError(until.Sub(now))
			return s.auditLogin(ctx, tx, nil, username, "loginLocked")
		}
		user, hash, err := tx.Credentials(ctx, username)
		switch {
		case errors.Is(err, campaign.ErrNotFound):
			auth.CheckPasswordAgainstDummy(password)
			refusal = ErrBadCredentials
		case err != nil:
			return err
		default:
			ok, err := auth.CheckPassword(hash, password)
			if err != nil {
				return fmt.Errorf("check password of %s: %w", username, err)
			}
			if !ok || !user.Active {
				refusal = ErrBadCredentials
			}
		}
		if refusal != nil {
			if err := tx.RecordLoginFailure(ctx, username, clientIP, now); err != nil {
				return err
			}
			return s.auditLogin(ctx, tx, nil, username, "loginFailed")
		}
		if err := tx.ClearLoginFailures(ctx, username); err != nil {
			return err
		}
		session, err = s.startSession(ctx, tx, user, uuid.New())
		if err != nil {
			return err
		}
		return s.auditLogin(ctx, tx, &user, username, "login")
	})
	if err != nil {
		return nil, fmt.Errorf("login %s: %w", username, err)
	}
	if refusal != nil {
		return nil, refusal
	}
	return session, nil
}

// LockedUntil applies the lock-out rule to a name's most recent failures (newest first): MaxFailures
// failures within LockWindow lock the name for LockWindow from the last of them. Attempts during a
// lock are not recorded, so a lock cannot be prolonged by whoever keeps guessing.
func LockedUntil(failures []time.Time, now time.Time) (time.Time, bool) {
	if len(failures) < MaxFailures {
		return time.Time{}, false
	}
	newest, oldest := failures[0], failures[MaxFailures-1]
	if newest.Sub(oldest) > LockWindow {
		return time.Time{}, false
	}
	until := newest.Add(LockWindow)
	return until, now.Before(until)
}

func lockedError(left time.Duration) error {
	minutes := int(left.Minutes()) + 1
	return &campaign.Error{
		Code:    campaign.EUNAUTHENTICATED,
		Message: fmt.Sprintf("登录失败次数过多，账户已锁定，请 %d 分钟后再试 (too many failed logins: try again in %d minutes)", minutes, minutes),
	}
}

func (s *Service) auditLogin(ctx context.Context, tx *postgres.DB, user *campaign.User, username, action string) error {
	e := postgres.AuditEntry{ActorUsername: username, Action: action, Entity: "session", RequestID: reqinfo.ID(ctx)}
	if user != nil {
		e.ActorID = &user.ID
		e.ActorRole = string(user.Role)
		e.EntityID = strconv.FormatInt(user.ID, 10)
	}
	return tx.Audit(ctx, e)
}

// startSession issues an access token and a new refresh token in the given family.
func (s *Service) startSession(ctx context.Context, tx *postgres.DB, u campaign.User, family uuid.UUID) (*Session, error) {
	access, exp, err := s.tokens.Issue(strconv.FormatInt(u.ID, 10), string(u.Role), scopeOf(u), u.TokenVersion, family.String())
	if err != nil {
		return nil, fmt.Errorf("issue access token for user %d: %w", u.ID, err)
	}
	plain, hash, err := auth.NewRefreshToken()
	if err != nil {
		return nil, fmt.Errorf("new refresh token for user %d: %w", u.ID, err)
	}
	if err := tx.InsertRefreshToken(ctx, u.ID, family, hash, s.now().Add(RefreshTTL)); err != nil {
		return nil, err
	}
	return &Session{AccessToken: access, AccessTokenExpiresAt: exp, RefreshToken: plain, User: u}, nil
}

// scopeOf is the scope the token names, for whoever reads it; the server itself reloads the scope
// from the database on every request.
func scopeOf(u campaign.User) string {
	switch {
	case u.UnitID != nil:
		return "unit:" + strconv.FormatInt(*u.UnitID, 10)
	case u.TownCode != nil:
		return *u.TownCode
	case u.CountyCode != nil:
		return *u.CountyCode
	case u.DepartmentCode != nil:
		return *u.DepartmentCode
	}
	return ""
}

// Refresh rotates a refresh token: the old one stops working and a new pair is issued. Presenting an
// already-rotated token means it was copied, so the whole session is revoked. Anyone may call it.
// Errors: UNAUTHENTICATED.
func (s *Service) Refresh(ctx context.Context, token string) (*Session, error) {
	var session *Session
	var refusal error
	var reused int64
	err := s.db.InTx(ctx, func(tx *postgres.DB) error {
		rt, err := tx.RefreshTokenForUpdate(ctx, auth.HashRefreshToken(token))
		if errors.Is(err, campaign.ErrNotFound) {
			refusal = ErrSessionEnded
			return nil
		}
		if err != nil {
			return err
		}
		user, err := tx.User(ctx, rt.UserID)
		if err != nil {
			return err
		}
		switch {
		case rt.UsedAt != nil && rt.RevokedAt == nil:
			refusal = ErrSessionEnded
			s.log.WarnContext(ctx, "refresh token reused: revoking its session", "user", user.Username)
			if err := tx.RevokeRefreshFamily(ctx, rt.FamilyID); err != nil {
				return err
			}
			reused = user.ID
			return tx.Audit(ctx, postgres.AuditEntry{
				ActorID: &user.ID, ActorUsername: user.Username, ActorRole: string(user.Role),
				Action: "refreshTokenReused", Entity: "session", EntityID: rt.FamilyID.String(), RequestID: reqinfo.ID(ctx),
			})
		case rt.UsedAt != nil || rt.RevokedAt != nil || !s.now().Before(rt.ExpiresAt) || !user.Active:
			refusal = ErrSessionEnded
			return nil
		}
		if err := tx.MarkRefreshTokenUsed(ctx, rt.ID); err != nil {
			return err
		}
		session, err = s.startSession(ctx, tx, user, rt.FamilyID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("refresh session: %w", err)
	}
	if reused != 0 {
		s.sessionsChanged(reused)
	}
	if refusal != nil {
		return nil, refusal
	}
	return session, nil
}

// Authenticate turns a bearer token into the request's actor. A token is refused when it does not
// verify, when its user is gone or deactivated, when the user's token version moved on (password
// change, deactivation) or when its session was logged out. Errors: UNAUTHENTICATED.
func (s *Service) Authenticate(ctx context.Context, bearer string) (*policy.Actor, error) {
	claims, err := s.tokens.Verify(bearer)
	if err != nil {
		s.log.DebugContext(ctx, "token refused", "err", err)
		return nil, campaign.ErrUnauthenticated
	}
	id, err := claims.UserID()
	if err != nil {
		return nil, campaign.ErrUnauthenticated
	}
	session, err := uuid.Parse(claims.Session)
	if err != nil {
		return nil, campaign.ErrUnauthenticated
	}
	p, err := s.sessions.get(ctx, id, session, time.Now(), s.db.Principal)
	if errors.Is(err, campaign.ErrNotFound) {
		return nil, campaign.ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("authenticate user %d: %w", id, err)
	}
	u := p.User
	if !u.Active || u.TokenVersion != claims.TokenVersion || !p.SessionLive || string(u.Role) != claims.Role {
		return nil, campaign.ErrUnauthenticated
	}
	return actorOf(p), nil
}

// actorOf is the policy's view of a principal. A unit officer's county and town are its unit's as
// they are now, so moving a unit moves its officer's scope with it.
func actorOf(p postgres.Principal) *policy.Actor {
	u := p.User
	a := &policy.Actor{UserID: u.ID, Username: u.Username, Role: u.Role, Sectors: p.Sectors, Principal: u.IsPrincipal,
		MustChangePassword: u.MustChangePassword}
	if u.CountyCode != nil {
		a.CountyCode = *u.CountyCode
	}
	if u.DepartmentCode != nil {
		a.DepartmentCode = *u.DepartmentCode
	}
	if u.TownCode != nil {
		a.TownCode = *u.TownCode
	}
	if u.UnitID != nil {
		a.UnitID = *u.UnitID
		if p.UnitCountyCode != nil {
			a.CountyCode = *p.UnitCountyCode
		}
		if p.UnitTownCode != nil {
			a.TownCode = *p.UnitTownCode
		}
	}
	if u.Role == policy.GridWorker {
		// non-nil: a grid worker without grids reads no unit
		a.GridIDs = append([]int64{}, p.Grids...)
	}
	return a
}

// Logout ends the session of the given refresh token, or every session of the caller when none is
// given. Any signed-in user may call it for their own sessions. Errors: UNAUTHENTICATED.
func (s *Service) Logout(ctx context.Context, refreshToken *string) error {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return err
	}
	err = s.db.InTx(ctx, func(tx *postgres.DB) error {
		if refreshToken == nil {
			if err := tx.RevokeUserRefreshTokens(ctx, a.UserID); err != nil {
				return err
			}
		} else {
			rt, err := tx.RefreshTokenForUpdate(ctx, auth.HashRefreshToken(*refreshToken))
			if err != nil && !errors.Is(err, campaign.ErrNotFound) {
				return err
			}
			// someone else's or an unknown token: nothing to end, and nothing to tell
			if err == nil && rt.UserID == a.UserID {
				if err := tx.RevokeRefreshFamily(ctx, rt.FamilyID); err != nil {
					return err
				}
			}
		}
		return tx.Audit(ctx, s.entry(ctx, a, "logout", "session", strconv.FormatInt(a.UserID, 10), nil, nil))
	})
	s.sessionsChanged(a.UserID)
	return err
}

func (s *Service) entry(ctx context.Context, a *policy.Actor, action, entity, id string, before, after any) postgres.AuditEntry {
	return postgres.ChangeBy(ctx, a, action, entity, id, "", before, after)
}
