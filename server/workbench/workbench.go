// Package workbench keeps the analysts' saved GraphQL queries: the API itself is their query
// language, and they keep and share the queries that answer recurring questions.
package workbench

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
	"zeroaccident/server/postgres"
)

// Service is the workbench application service.
type Service struct{ db *postgres.DB }

// New returns the workbench service.
func New(db *postgres.DB) *Service { return &Service{db: db} }

// SavedQueries lists the caller's queries and those others shared. ANALYST and CITY_ADMIN.
func (s *Service) SavedQueries(ctx context.Context) ([]campaign.SavedQuery, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return nil, err
	}
	if err := policy.UseWorkbench(a); err != nil {
		return nil, err
	}
	return s.db.SavedQueries(ctx, a.UserID)
}

// SaveQuery stores a query under a name of the caller's (replacing one of that name). The query
// must parse; the variables must be a JSON object. Errors: FORBIDDEN, BAD_USER_INPUT.
func (s *Service) SaveQuery(ctx context.Context, name, query, variables string, shared bool) (campaign.SavedQuery, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return campaign.SavedQuery{}, err
	}
	if err := policy.UseWorkbench(a); err != nil {
		return campaign.SavedQuery{}, err
	}
	name = strings.TrimSpace(name)
	if n := utf8.RuneCountInString(name); n < 1 || n > 100 {
		return campaign.SavedQuery{}, campaign.Invalid("name", "名称须为 1-100 个字符 (name must be 1-100 characters)")
	}
	if len(query) > 20000 {
		return campaign.SavedQuery{}, campaign.Invalid("query", "查询最长 20000 个字符 (query too long)")
	}
	if _, perr := parser.ParseQuery(&ast.Source{Input: query}); perr != nil {
		return campaign.SavedQuery{}, campaign.Invalid("query", "查询语法错误：%s (the query does not parse)", perr.Error())
	}
	if strings.TrimSpace(variables) == "" {
		variables = "{}"
	}
	var obj map[string]any
	if err := json.Unmarshal([]byte(variables), &obj); err != nil {
		return campaign.SavedQuery{}, campaign.Invalid("variables", "变量须为 JSON 对象 (variables must be a JSON object)")
	}
	q := campaign.SavedQuery{OwnerID: a.UserID, Owner: a.Username, Name: name, Query: query, Variables: variables, Shared: shared}
	err = s.db.InTx(ctx, func(tx *postgres.DB) error {
		if q, err = tx.SaveQuery(ctx, q); err != nil {
			return err
		}
		return tx.Audit(ctx, postgres.ChangeBy(ctx, a, "saveQuery", "savedQuery", strconv.FormatInt(q.ID, 10), "", nil, q))
	})
	return q, err
}

// DeleteSavedQuery deletes one of the caller's own saved queries. Errors: FORBIDDEN (someone
// else's), NOT_FOUND.
func (s *Service) DeleteSavedQuery(ctx context.Context, id int64) error {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return err
	}
	if err := policy.UseWorkbench(a); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *postgres.DB) error {
		owner, err := tx.SavedQueryOwner(ctx, id)
		if err != nil {
			return err
		}
		if owner != a.UserID {
			return campaign.ErrForbidden
		}
		if err := tx.DeleteSavedQuery(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, postgres.ChangeBy(ctx, a, "deleteSavedQuery", "savedQuery", strconv.FormatInt(id, 10), "", nil, nil))
	})
}

// Mine reports whether a saved query belongs to the caller.
func (s *Service) Mine(ctx context.Context, q campaign.SavedQuery) bool {
	a := policy.ActorFrom(ctx)
	return a != nil && a.UserID == q.OwnerID
}
