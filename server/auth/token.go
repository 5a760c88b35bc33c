package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// The roles a token may carry. They mirror the GraphQL Role enum; a token
// with any other role is refused, so a renamed or removed role cannot keep
// working through tokens issued before the change.
const (
	RoleCityAdmin      = "CITY_ADMIN"
	RoleCountyAdmin    = "COUNTY_ADMIN"
	RoleDepartmentUser = "DEPARTMENT_USER"
	RoleAnalyst        = "ANALYST"
	RoleTownAdmin      = "TOWN_ADMIN"
	RoleGridWorker     = "GRID_WORKER"
	RoleUnitOfficer    = "UNIT_OFFICER"
)

// ValidRole reports whether role is one of the roles above.
func ValidRole(role string) bool {
	switch role {
	case RoleCityAdmin, RoleCountyAdmin, RoleDepartmentUser, RoleAnalyst, RoleTownAdmin, RoleGridWorker, RoleUnitOfficer:
		return true
	}
	return false
}

// ErrInvalidToken is the only error Verify returns. Callers answer every
// token failure the same way (UNAUTHENTICATED) and log the wrapped reason;
// telling clients why a token failed helps only someone forging one.
var ErrInvalidToken = errors.New("invalid token")

// MinSecretLen is the shortest HS256 secret accepted: the hash output size,
// below which the key, not the algorithm, is the weak part (RFC 7518 3.2).
const MinSecretLen = 32

// MaxTTL caps access-token lifetime. Access tokens cannot be revoked before
// they expire (only refresh tokens and TokenVersion can), so they stay short.
const MaxTTL = time.Hour

// DefaultLeeway absorbs clock skew between the servers that issue and check
// tokens; it is small because it extends every token's life.
const DefaultLeeway = 30 * time.Second

// maxTokenLen bounds the work Verify does on garbage input. Our tokens are
// about 350 bytes.
const maxTokenLen = 4096

// Claims are the access-token claims. Subject is the user id in decimal.
// TokenVersion is compared with the user's row so that a password change or a
// forced logout invalidates every outstanding access token at once. Session
// names the refresh-token family the token was issued for, so that logging
// out one session ends its access tokens too, not only its refresh token.
type Claims struct {
	Role         string `json:"role"`
	Scope        string `json:"scope,omitempty"`
	TokenVersion int    `json:"tv"`
	Session      string `json:"sid,omitempty"`
	jwt.RegisteredClaims
}

// UserID parses Subject as the decimal user id it is issued as.
func (c *Claims) UserID() (int64, error) {
	id, err := strconv.ParseInt(c.Subject, 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("token subject %q is not a user id", c.Subject)
	}
	return id, nil
}

// TokenConfig configures Tokens. Secret, Issuer, Audience and TTL are
// required; Leeway defaults to DefaultLeeway and Now to time.Now.
type TokenConfig struct {
	Secret   []byte
	Issuer   string
	Audience string
	TTL      time.Duration
	Leeway   time.Duration
	Now      func() time.Time
}

// Tokens issues and verifies HS256 access tokens. It is safe for concurrent
// use.
type Tokens struct {
	secret   []byte
	issuer   string
	audience string
	ttl      time.Duration
	now      func() time.Time
	parser   *jwt.Parser
}

// NewTokens checks cfg and returns a Tokens. It refuses a short secret, an
// empty issuer or audience (jwt's validators treat empty as "do not check"),
// and a TTL outside (0, MaxTTL].
func NewTokens(cfg TokenConfig) (*Tokens, error) {
	if len(cfg.Secret) < MinSecretLen {
		return nil, fmt.Errorf("new tokens: secret is %d bytes, need at least %d", len(cfg.Secret), MinSecretLen)
	}
	if cfg.Issuer == "" || cfg.Audience == "" {
		return nil, errors.New("new tokens: issuer and audience are required")
	}
	if cfg.TTL <= 0 || cfg.TTL > MaxTTL {
		return nil, fmt.Errorf("new tokens: ttl %s outside (0, %s]", cfg.TTL, MaxTTL)
	}
	leeway := cfg.Leeway
	if leeway == 0 {
		leeway = DefaultLeeway
	}
	if leeway < 0 || leeway > 5*time.Minute {
		return nil, fmt.Errorf("new tokens: leeway %s outside (0, 5m]", leeway)
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	return &Tokens{
		// Copied so that a caller reusing or zeroing its slice cannot change
		// the key under us.
		secret:   slices.Clone(cfg.Secret),
		issuer:   cfg.Issuer,
		audience: cfg.Audience,
		ttl:      cfg.TTL,
		now:      now,
		parser: jwt.NewParser(
			jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
			jwt.WithExpirationRequired(),
			jwt.WithNotBeforeRequired(),
			jwt.WithIssuedAt(),
			jwt.WithIssuer(cfg.Issuer),
			jwt.WithAudience(cfg.Audience),
			jwt.WithLeeway(leeway),
			jwt.WithTimeFunc(now),
			// Only one encoding of a signature is accepted, so tokens are
			// not malleable.
			jwt.WithStrictDecoding(),
		),
	}, nil
}

// Issue signs an access token for subject (a user id in decimal) in session
// (the refresh-token family id; may be empty). It returns the token and its
// expiry, which the client may use to refresh ahead of time.
func (t *Tokens) Issue(subject, role, scope string, tokenVersion int, session string) (string, time.Time, error) {
	if subject == "" {
		return "", time.Time{}, errors.New("issue token: empty subject")
	}
	if !ValidRole(role) {
		return "", time.Time{}, fmt.Errorf("issue token: unknown role %q", role)
	}
	jti, err := randomString(16)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("issue token: %w", err)
	}
	now := t.now()
	claims := Claims{
		Role:         role,
		Scope:        scope,
		TokenVersion: tokenVersion,
		Session:      session,
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    t.issuer,
			Subject:   subject,
			Audience:  jwt.ClaimStrings{t.audience},
			ExpiresAt: jwt.NewNumericDate(now.Add(t.ttl)),
			NotBefore: jwt.NewNumericDate(now),
			IssuedAt:  jwt.NewNumericDate(now),
			ID:        jti,
		},
	}
	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(t.secret)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("issue token: sign: %w", err)
	}
	// The numeric date is truncated to seconds; return what the token says.
	return signed, claims.ExpiresAt.Time, nil
}

// rejectedHeaders are JOSE headers that tell a verifier where to find a key
// or which extensions it must understand. We have one symmetric key and no
// extensions, so their presence means a forged or foreign token (RFC 8725
// 3.10). kid is refused too: we do not rotate keys by id.
var rejectedHeaders = []string{"jku", "jwk", "x5u", "x5c", "x5t", "x5t#S256", "crit", "kid"}

// Verify checks token and returns its claims. Every failure is ErrInvalidToken
// wrapped with the reason, which is for logs only.
func (t *Tokens) Verify(token string) (*Claims, error) {
	if len(token) > maxTokenLen {
		return nil, fmt.Errorf("%w: %d bytes is longer than %d", ErrInvalidToken, len(token), maxTokenLen)
	}
	claims := &Claims{}
	_, err := t.parser.ParseWithClaims(token, claims, func(tok *jwt.Token) (any, error) {
		for _, h := range rejectedHeaders {
			if _, ok := tok.Header[h]; ok {
				return nil, fmt.Errorf("header %q is not accepted", h)
			}
		}
		if typ, ok := tok.Header["typ"]; ok && !strings.EqualFold(fmt.Sprint(typ), "JWT") {
			return nil, fmt.Errorf("header typ %v is not JWT", typ)
		}
		return t.secret, nil
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidToken, err)
	}
	if claims.Subject == "" {
		return nil, fmt.Errorf("%w: empty subject", ErrInvalidToken)
	}
	if !ValidRole(claims.Role) {
		return nil, fmt.Errorf("%w: unknown role %q", ErrInvalidToken, claims.Role)
	}
	return claims, nil
}

// GenerateSecret returns MinSecretLen random bytes. The server uses it when
// JWT_SECRET is unset in development; tokens then die with the process, which
// is what a developer expects and what production must never rely on.
func GenerateSecret() ([]byte, error) {
	b := make([]byte, MinSecretLen)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("generate secret: %w", err)
	}
	return b, nil
}

// ParseSecret turns the JWT_SECRET setting into key bytes. It accepts base64
// (standard or URL alphabet, padded or not) that decodes to at least
// MinSecretLen bytes, as produced by `openssl rand -base64 32`; otherwise the
// raw string itself if it is at least MinSecretLen bytes long. Surrounding
// whitespace is ignored because env files and secret mounts often add a
// newline.
func ParseSecret(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	for _, enc := range []*base64.Encoding{
		base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding,
	} {
		if b, err := enc.DecodeString(s); err == nil && len(b) >= MinSecretLen {
			return b, nil
		}
	}
	if len(s) >= MinSecretLen {
		return []byte(s), nil
	}
	return nil, fmt.Errorf("parse secret: %d bytes is shorter than %d; generate one with `openssl rand -base64 32`",
		len(s), MinSecretLen)
}

// refreshTokenLen is 256 bits: refresh tokens are looked up by hash, so their
// only protection against guessing is their entropy.
const refreshTokenLen = 32

// NewRefreshToken returns a random refresh token for the client and its
// SHA-256 hash for the database. Only the hash is stored, so a database leak
// does not hand out sessions; a fast hash is enough because the token is
// random, not a password.
func NewRefreshToken() (plain string, hash []byte, err error) {
	plain, err = randomString(refreshTokenLen)
	if err != nil {
		return "", nil, fmt.Errorf("new refresh token: %w", err)
	}
	return plain, HashRefreshToken(plain), nil
}

// HashRefreshToken returns the value stored for, and looked up by, a
// refresh token.
func HashRefreshToken(plain string) []byte {
	sum := sha256.Sum256([]byte(plain))
	return sum[:]
}

func randomString(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("read random bytes: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
