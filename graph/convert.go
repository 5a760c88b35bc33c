package graph

import (
	"context"
	"errors"
	"strconv"

	"github.com/vikstrous/dataloadgen"

	"zeroaccident/graph/loader"
	"zeroaccident/graph/model"
	"zeroaccident/server/accounts"
	"zeroaccident/server/campaign"
)

// ptrs turns a slice of values into the slice of pointers gqlgen's bound types want.
func ptrs[T any](in []T) []*T {
	out := make([]*T, len(in))
	for i := range in {
		out[i] = &in[i]
	}
	return out
}

func ptrsErr[T any](in []T, err error) ([]*T, error) {
	if err != nil {
		return nil, err
	}
	return ptrs(in), nil
}

// orNil answers a lookup by key with null when there is no such row.
func orNil[T any](v T, err error) (*T, error) {
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// parseID reads a numeric GraphQL ID; a malformed one names the argument.
func parseID(field, id string) (int64, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return 0, campaign.Invalid(field, "无效的编号 %q (invalid id)", id)
	}
	return n, nil
}

func ptrErr[T any](v T, err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// done answers a mutation that returns Boolean! once it succeeded.
func done(err error) (bool, error) { return err == nil, err }

func authPayload(s *accounts.Session, err error) (*model.AuthPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.AuthPayload{
		AccessToken: s.AccessToken, AccessTokenExpiresAt: s.AccessTokenExpiresAt,
		RefreshToken: s.RefreshToken, User: &s.User, MustChangePassword: s.User.MustChangePassword,
	}, nil
}

// townsOf loads a county's towns and starts one batch for their unit counts when they are asked for.
func townsOf(ctx context.Context, countyCode string) ([]*campaign.Town, error) {
	l := loader.For(ctx)
	towns, err := l.TownsByCounty.Load(ctx, countyCode)
	if err != nil {
		return nil, err
	}
	if currentSelection(ctx).has("unitCount") {
		codes := make([]string, len(towns))
		for i, t := range towns {
			codes[i] = t.Code
		}
		l.UnitCountByTown.LoadAllThunk(ctx, codes)
	}
	return ptrs(towns), nil
}
