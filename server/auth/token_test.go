package auth

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"hash"
	"maps"
	"strings"
	"testing"
	"time"
)

const (
	testIssuer   = "zeroaccident"
	testAudience = "zeroaccident-api"
)

var (
	testSecret  = []byte("0123456789abcdef0123456789abcdef")
	otherSecret = []byte("fedcba9876543210fedcba9876543210")
	testNow     = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
)

func MustTokens(t *testing.T, mutate func(*TokenConfig)) *Tokens {
	t.Helper()
	cfg := TokenConfig{
		Secret:   testSecret,
		Issuer:   testIssuer,
		Audience: testAudience,
		TTL:      15 * time.Minute,
		Now:      func() time.Time { return testNow },
	}
	if mutate != nil {
		mutate(&cfg)
	}
	tok, err := NewTokens(cfg)
	if err != nil {
		t.Fatalf("NewTokens: %v", err)
	}
	return tok
}

// validClaims are the claims Issue would produce at testNow.
func validClaims() map[string]any {
	return map[string]any{
		"iss":  testIssuer,
		"aud":  []string{testAudience},
		"sub":  "42",
		"iat":  testNow.Unix(),
		"nbf":  testNow.Unix(),
		"exp":  testNow.Add(15 * time.Minute).Unix(),
		"jti":  "test",
		"role": RoleCountyAdmin,
		"tv":   3,
		"sid":  "fam-1",
	}
}

// MustForge builds a token by hand so each test controls every header and
// claim, including the ones the jwt library would refuse to produce.
func MustForge(t *testing.T, alg string, extraHeader, claims map[string]any, key []byte) string {
	t.Helper()
	header := map[string]any{"alg": alg, "typ": "JWT"}
	maps.Copy(header, extraHeader)
	maps.DeleteFunc(header, func(_ string, v any) bool { return v == nil })
	enc := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		return base64.RawURLEncoding.EncodeToString(b)
	}
	signingInput := enc(header) + "." + enc(claims)
	var h func() hash.Hash
	switch alg {
	case "none":
		return signingInput + "."
	case "HS512":
		h = sha512.New
	default:
		// RS256 and friends get an HMAC-SHA256 signature: the classic
		// algorithm-confusion forgery.
		h = sha256.New
	}
	mac := hmac.New(h, key)
	mac.Write([]byte(signingInput))
	return signingInput + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

func with(mutate func(map[string]any)) map[string]any {
	c := validClaims()
	mutate(c)
	return c
}

func TestVerify(t *testing.T) {
	tokens := MustTokens(t, nil)

	issued, _, err := tokens.Issue("42", RoleCountyAdmin, "county:7", 3, "fam-1")
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}
	parts := strings.Split(issued, ".")

	tamperedPayload := func() string {
		payload, err := base64.RawURLEncoding.DecodeString(parts[1])
		if err != nil {
			t.Fatal(err)
		}
		payload = bytes.Replace(payload, []byte(RoleCountyAdmin), []byte(RoleCityAdmin), 1)
		return parts[0] + "." + base64.RawURLEncoding.EncodeToString(payload) + "." + parts[2]
	}()
	tamperedSignature := func() string {
		sig, err := base64.RawURLEncoding.DecodeString(parts[2])
		if err != nil {
			t.Fatal(err)
		}
		sig[0] ^= 0x01
		return parts[0] + "." + parts[1] + "." + base64.RawURLEncoding.EncodeToString(sig)
	}()
	// The last character of a 32-byte signature carries two unused bits;
	// a lenient decoder would accept this second spelling of the signature.
	malleableSignature := func() string {
		last := parts[2][len(parts[2])-1]
		alphabet := "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
		i := strings.IndexByte(alphabet, last)
		return parts[0] + "." + parts[1] + "." + parts[2][:len(parts[2])-1] + string(alphabet[i^0x01])
	}()

	futureTokens := MustTokens(t, func(c *TokenConfig) {
		c.Now = func() time.Time { return testNow.Add(2 * time.Minute) }
	})
	fromFuture, _, err := futureTokens.Issue("42", RoleAnalyst, "", 0, "")
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}

	tests := []struct {
		name  string
		token string
		ok    bool
	}{
		{name: "accepted: issued token", token: issued, ok: true},
		{name: "accepted: forged with our secret and all claims", token: MustForge(t, "HS256", nil, validClaims(), testSecret), ok: true},
		{name: "accepted: expired within leeway", ok: true, token: MustForge(t, "HS256", nil, with(func(c map[string]any) {
			c["exp"] = testNow.Add(-20 * time.Second).Unix()
		}), testSecret)},
		{name: "accepted: issued slightly in the future, within leeway", ok: true, token: MustForge(t, "HS256", nil, with(func(c map[string]any) {
			c["iat"] = testNow.Add(20 * time.Second).Unix()
			c["nbf"] = testNow.Add(20 * time.Second).Unix()
		}), testSecret)},
		{name: "accepted: audience list containing ours", ok: true, token: MustForge(t, "HS256", nil, with(func(c map[string]any) {
			c["aud"] = []string{"other", testAudience}
		}), testSecret)},
		{name: "accepted: typ header absent", ok: true, token: MustForge(t, "HS256", map[string]any{"typ": nil}, validClaims(), testSecret)},

		{name: "expired", token: MustForge(t, "HS256", nil, with(func(c map[string]any) {
			c["iat"] = testNow.Add(-time.Hour).Unix()
			c["nbf"] = testNow.Add(-time.Hour).Unix()
			c["exp"] = testNow.Add(-time.Minute).Unix()
		}), testSecret)},
		{name: "not yet valid: nbf and iat in the future", token: fromFuture},
		{name: "not yet valid: nbf in the future", token: MustForge(t, "HS256", nil, with(func(c map[string]any) {
			c["nbf"] = testNow.Add(time.Minute).Unix()
		}), testSecret)},
		{name: "not yet valid: iat in the future", token: MustForge(t, "HS256", nil, with(func(c map[string]any) {
			c["iat"] = testNow.Add(time.Minute).Unix()
		}), testSecret)},
		{name: "tampered payload", token: tamperedPayload},
		{name: "tampered signature", token: tamperedSignature},
		{name: "non-canonical signature encoding", token: malleableSignature},
		{name: "missing signature", token: parts[0] + "." + parts[1] + "."},
		{name: "alg none", token: MustForge(t, "none", nil, validClaims(), nil)},
		{name: "alg none lowercase variant", token: MustForge(t, "None", nil, validClaims(), nil)},
		{name: "alg HS512 with our secret", token: MustForge(t, "HS512", nil, validClaims(), testSecret)},
		{name: "alg RS256 header with HMAC signature", token: MustForge(t, "RS256", nil, validClaims(), testSecret)},
		{name: "wrong issuer", token: MustForge(t, "HS256", nil, with(func(c map[string]any) { c["iss"] = "evil" }), testSecret)},
		{name: "missing issuer", token: MustForge(t, "HS256", nil, with(func(c map[string]any) { delete(c, "iss") }), testSecret)},
		{name: "wrong audience", token: MustForge(t, "HS256", nil, with(func(c map[string]any) { c["aud"] = "other-api" }), testSecret)},
		{name: "missing audience", token: MustForge(t, "HS256", nil, with(func(c map[string]any) { delete(c, "aud") }), testSecret)},
		{name: "missing exp", token: MustForge(t, "HS256", nil, with(func(c map[string]any) { delete(c, "exp") }), testSecret)},
		{name: "missing nbf", token: MustForge(t, "HS256", nil, with(func(c map[string]any) { delete(c, "nbf") }), testSecret)},
		{name: "wrong secret", token: MustForge(t, "HS256", nil, validClaims(), otherSecret)},
		{name: "jku header", token: MustForge(t, "HS256", map[string]any{"jku": "https://evil.example/jwks.json"}, validClaims(), testSecret)},
		{name: "jwk header", token: MustForge(t, "HS256", map[string]any{"jwk": map[string]any{"kty": "oct", "k": "AAAA"}}, validClaims(), testSecret)},
		{name: "x5u header", token: MustForge(t, "HS256", map[string]any{"x5u": "https://evil.example/cert.pem"}, validClaims(), testSecret)},
		{name: "x5c header", token: MustForge(t, "HS256", map[string]any{"x5c": []string{"MIIB"}}, validClaims(), testSecret)},
		{name: "kid header", token: MustForge(t, "HS256", map[string]any{"kid": "../../dev/null"}, validClaims(), testSecret)},
		{name: "crit header", token: MustForge(t, "HS256", map[string]any{"crit": []string{"exp"}}, validClaims(), testSecret)},
		{name: "typ header not JWT", token: MustForge(t, "HS256", map[string]any{"typ": "at+jwt+refresh"}, validClaims(), testSecret)},
		{name: "unknown role", token: MustForge(t, "HS256", nil, with(func(c map[string]any) { c["role"] = "SUPERUSER" }), testSecret)},
		{name: "missing role", token: MustForge(t, "HS256", nil, with(func(c map[string]any) { delete(c, "role") }), testSecret)},
		{name: "empty subject", token: MustForge(t, "HS256", nil, with(func(c map[string]any) { c["sub"] = "" }), testSecret)},
		{name: "missing subject", token: MustForge(t, "HS256", nil, with(func(c map[string]any) { delete(c, "sub") }), testSecret)},
		{name: "garbage", token: "not.a.token"},
		{name: "empty", token: ""},
		{name: "oversized", token: strings.Repeat("a", maxTokenLen+1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			claims, err := tokens.Verify(tt.token)
			if tt.ok {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if claims.Subject != "42" {
					t.Errorf("subject = %q, want 42", claims.Subject)
				}
				return
			}
			if err == nil {
				t.Fatalf("Verify accepted the token, claims %+v", claims)
			}
			if !errors.Is(err, ErrInvalidToken) {
				t.Errorf("error %v does not wrap ErrInvalidToken", err)
			}
			t.Logf("rejected: %v", err)
			if claims != nil {
				t.Errorf("claims = %+v, want nil on error", claims)
			}
		})
	}
}

func TestIssueRoundTrip(t *testing.T) {
	tokens := MustTokens(t, nil)
	token, expiresAt, err := tokens.Issue("42", RoleDepartmentUser, "department:9", 7, "0b9f6c2e-family")
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}
	if want := testNow.Add(15 * time.Minute); !expiresAt.Equal(want) {
		t.Errorf("expiresAt = %v, want %v", expiresAt, want)
	}
	claims, err := tokens.Verify(token)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"role", claims.Role, RoleDepartmentUser},
		{"scope", claims.Scope, "department:9"},
		{"token version", claims.TokenVersion, 7},
		{"session", claims.Session, "0b9f6c2e-family"},
		{"issuer", claims.Issuer, testIssuer},
		{"audience", strings.Join(claims.Audience, ","), testAudience},
		{"issued at", claims.IssuedAt.Unix(), testNow.Unix()},
		{"not before", claims.NotBefore.Unix(), testNow.Unix()},
		{"expires", claims.ExpiresAt.Unix(), expiresAt.Unix()},
		{"jti present", claims.ID != "", true},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %v, want %v", c.got, c.want)
			}
		})
	}
	id, err := claims.UserID()
	if err != nil || id != 42 {
		t.Errorf("UserID() = %d, %v; want 42", id, err)
	}

	other, _, err := tokens.Issue("42", RoleDepartmentUser, "department:9", 7, "0b9f6c2e-family")
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}
	if other == token {
		t.Error("two tokens issued in the same second are identical; jti is not random")
	}
}

func TestIssueRefuses(t *testing.T) {
	tokens := MustTokens(t, nil)
	tests := []struct {
		name, subject, role string
	}{
		{"empty subject", "", RoleAnalyst},
		{"unknown role", "1", "ROOT"},
		{"empty role", "1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := tokens.Issue(tt.subject, tt.role, "", 0, ""); err == nil {
				t.Error("Issue succeeded, want error")
			}
		})
	}
}

func TestNewTokensConfig(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*TokenConfig)
		ok     bool
	}{
		{name: "valid", mutate: func(*TokenConfig) {}, ok: true},
		{name: "ttl of exactly one hour", mutate: func(c *TokenConfig) { c.TTL = time.Hour }, ok: true},
		{name: "short secret", mutate: func(c *TokenConfig) { c.Secret = testSecret[:31] }},
		{name: "nil secret", mutate: func(c *TokenConfig) { c.Secret = nil }},
		{name: "ttl over one hour", mutate: func(c *TokenConfig) { c.TTL = time.Hour + time.Second }},
		{name: "zero ttl", mutate: func(c *TokenConfig) { c.TTL = 0 }},
		{name: "negative ttl", mutate: func(c *TokenConfig) { c.TTL = -time.Minute }},
		{name: "empty issuer", mutate: func(c *TokenConfig) { c.Issuer = "" }},
		{name: "empty audience", mutate: func(c *TokenConfig) { c.Audience = "" }},
		{name: "negative leeway", mutate: func(c *TokenConfig) { c.Leeway = -time.Second }},
		{name: "huge leeway", mutate: func(c *TokenConfig) { c.Leeway = time.Hour }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := TokenConfig{Secret: testSecret, Issuer: testIssuer, Audience: testAudience, TTL: 15 * time.Minute}
			tt.mutate(&cfg)
			_, err := NewTokens(cfg)
			if tt.ok && err != nil {
				t.Errorf("NewTokens: %v", err)
			}
			if !tt.ok && err == nil {
				t.Error("NewTokens succeeded, want error")
			}
		})
	}
}

func TestNewTokensCopiesSecret(t *testing.T) {
	secret := bytes.Clone(testSecret)
	tokens := MustTokens(t, func(c *TokenConfig) { c.Secret = secret })
	token, _, err := tokens.Issue("1", RoleAnalyst, "", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	clear(secret)
	if _, err := tokens.Verify(token); err != nil {
		t.Errorf("Verify after caller zeroed its secret slice: %v", err)
	}
}

func TestParseSecret(t *testing.T) {
	raw32 := bytes.Repeat([]byte{0xfa}, 32)
	tests := []struct {
		name  string
		in    string
		want  []byte
		fails bool
	}{
		{name: "std base64", in: base64.StdEncoding.EncodeToString(raw32), want: raw32},
		{name: "std base64 with newline", in: base64.StdEncoding.EncodeToString(raw32) + "\n", want: raw32},
		{name: "raw std base64", in: base64.RawStdEncoding.EncodeToString(raw32), want: raw32},
		{name: "url base64", in: base64.URLEncoding.EncodeToString(raw32), want: raw32},
		{name: "raw url base64", in: base64.RawURLEncoding.EncodeToString(raw32), want: raw32},
		{name: "raw string of 32 bytes", in: "this is a long enough passphrase!", want: []byte("this is a long enough passphrase!")},
		{name: "base64 of a short key falls back to raw length", in: base64.StdEncoding.EncodeToString(raw32[:16]), fails: true},
		{name: "short raw string", in: "secret", fails: true},
		{name: "empty", in: "", fails: true},
		{name: "only whitespace", in: strings.Repeat(" ", 40), fails: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSecret(tt.in)
			if tt.fails {
				if err == nil {
					t.Fatalf("ParseSecret = %x, want error", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseSecret: %v", err)
			}
			if !bytes.Equal(got, tt.want) {
				t.Errorf("ParseSecret = %x, want %x", got, tt.want)
			}
		})
	}
}

func TestGenerateSecret(t *testing.T) {
	a, err := GenerateSecret()
	if err != nil {
		t.Fatal(err)
	}
	b, err := GenerateSecret()
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != MinSecretLen || bytes.Equal(a, b) {
		t.Errorf("GenerateSecret gave %x and %x; want two different %d-byte keys", a, b, MinSecretLen)
	}
	if _, err := NewTokens(TokenConfig{Secret: a, Issuer: "i", Audience: "a", TTL: time.Minute}); err != nil {
		t.Errorf("generated secret refused: %v", err)
	}
}

func TestRefreshToken(t *testing.T) {
	plain, hash, err := NewRefreshToken()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base64.RawURLEncoding.DecodeString(plain)
	if err != nil || len(raw) != 32 {
		t.Errorf("plain token %q is not 32 bytes of unpadded base64url (err %v)", plain, err)
	}
	want := sha256.Sum256([]byte(plain))
	if !bytes.Equal(hash, want[:]) || !bytes.Equal(HashRefreshToken(plain), want[:]) {
		t.Error("hash is not SHA-256 of the plain token")
	}
	other, _, err := NewRefreshToken()
	if err != nil {
		t.Fatal(err)
	}
	if other == plain {
		t.Error("two refresh tokens are identical")
	}
}

// A token lives no longer than the issuing lifetime: one whose exp lies beyond it (signed with a
// leaked or shared key, or by a misconfigured issuer) is refused even though it is signed.
func TestVerifyCapsTheLifetime(t *testing.T) {
	tok := MustTokens(t, nil)
	cases := map[string]map[string]any{
		"exp a year after iat":  with(func(c map[string]any) { c["exp"] = testNow.AddDate(1, 0, 0).Unix() }),
		"exp an hour after iat": with(func(c map[string]any) { c["exp"] = testNow.Add(time.Hour).Unix() }),
		"iat in the future to stretch exp": with(func(c map[string]any) {
			c["iat"] = testNow.Add(50 * time.Minute).Unix()
			c["exp"] = testNow.Add(60 * time.Minute).Unix()
		}),
	}
	for name, claims := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := tok.Verify(MustForge(t, "HS256", nil, claims, testSecret)); !errors.Is(err, ErrInvalidToken) {
				t.Fatalf("Verify = %v, want ErrInvalidToken", err)
			}
		})
	}
	// the lifetime itself, and a little leeway for clocks, pass
	if _, err := tok.Verify(MustForge(t, "HS256", nil, with(func(c map[string]any) { c["exp"] = testNow.Add(15*time.Minute + 20*time.Second).Unix() }), testSecret)); err != nil {
		t.Fatalf("a token of the issuing lifetime: %v", err)
	}
}
