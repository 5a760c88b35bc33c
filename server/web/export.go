package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"zeroaccident/server/accounts"
	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
	"zeroaccident/server/postgres"
	"zeroaccident/server/registry"
	"zeroaccident/server/report"
	"zeroaccident/server/reqinfo"
)

// exports serves the file downloads. They take the same bearer token as the API (the app fetches
// them and saves the blob) and the same filters as the units query, as URL parameters.
func exports(reg *registry.Service, rep *report.Service, acc *accounts.Service, log *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	// the sheet of initial passwords of a bulk account creation: POST, so the one-time token
	// travels in the body and never in a URL that logs and histories keep
	mux.HandleFunc("POST /export/officer-passwords.xlsx", download(log, xlsxType, "单位账户初始密码.xlsx", func(r *http.Request, w io.Writer) error {
		r.Body = http.MaxBytesReader(nil, r.Body, 4096)
		if err := r.ParseForm(); err != nil {
			return campaign.Invalid("token", "无效的请求 (malformed request)")
		}
		return acc.WritePasswordSheet(r.Context(), r.PostForm.Get("token"), w)
	}))
	mux.HandleFunc("GET /export/units.csv", download(log, "text/csv; charset=utf-8", "创建单位.csv", func(r *http.Request, w io.Writer) error {
		f, err := unitFilterFromQuery(r.URL.Query())
		if err != nil {
			return err
		}
		return reg.ExportCSV(r.Context(), f, w)
	}))
	mux.HandleFunc("GET /export/units.xlsx", download(log, xlsxType, "创建单位.xlsx", func(r *http.Request, w io.Writer) error {
		f, err := unitFilterFromQuery(r.URL.Query())
		if err != nil {
			return err
		}
		return reg.ExportXLSX(r.Context(), f, w)
	}))
	mux.HandleFunc("GET /export/units-template.xlsx", download(log, xlsxType, "创建单位导入模板.xlsx", func(r *http.Request, w io.Writer) error {
		return reg.WriteTemplate(r.Context(), w)
	}))
	mux.HandleFunc("GET /export/table1.xlsx", download(log, xlsxType, "附表1.xlsx", func(r *http.Request, w io.Writer) error {
		year, err := yearParam(r.URL.Query())
		if err != nil {
			return err
		}
		return rep.WriteTable1(r.Context(), year, w)
	}))
	mux.HandleFunc("GET /export/liaisons.xlsx", download(log, xlsxType, "附表2联络员名单.xlsx", func(r *http.Request, w io.Writer) error {
		return rep.WriteLiaisons(r.Context(), w)
	}))
	mux.HandleFunc("GET /export/bulletin.xlsx", download(log, xlsxType, "月度通报.xlsx", func(r *http.Request, w io.Writer) error {
		month, err := time.ParseInLocation("2006-01", r.URL.Query().Get("month"), campaign.Local)
		if err != nil {
			return campaign.Invalid("month", "month 须为 YYYY-MM (month must be YYYY-MM)")
		}
		return rep.WriteBulletin(r.Context(), month, w)
	}))
	return mux
}

func yearParam(q url.Values) (int, error) {
	year, err := strconv.Atoi(q.Get("year"))
	if err != nil {
		return 0, campaign.Invalid("year", "year 须为年份，如 2021 (year must be a year such as 2021)")
	}
	return year, nil
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// download answers 401 without a valid token and 400 for bad parameters before anything is written;
// once rows stream, a failure can only be logged (the client sees a truncated file).
func download(log *slog.Logger, contentType, filename string, write func(*http.Request, io.Writer) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a := policy.ActorFrom(r.Context())
		if a == nil {
			writeError(w, http.StatusUnauthorized, campaign.EUNAUTHENTICATED, campaign.ErrUnauthenticated.Message)
			return
		}
		if a.MustChangePassword {
			writeError(w, http.StatusForbidden, campaign.EPASSWORDCHANGE, policy.ErrPasswordChangeRequired.Message)
			return
		}
		lw := &lazyWriter{w: w, header: func() {
			w.Header().Set("Content-Type", contentType)
			w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename*=UTF-8''%s", url.PathEscape(filename)))
			w.Header().Set("Cache-Control", "no-store")
		}}
		ctx, cancel := context.WithTimeout(r.Context(), 10*time.Minute)
		defer cancel()
		if err := write(r.WithContext(ctx), lw); err != nil {
			if lw.started {
				log.ErrorContext(ctx, "export failed midway", "request_id", reqinfo.ID(ctx), "path", r.URL.Path, "err", err)
				return
			}
			status, code, msg := http.StatusInternalServerError, campaign.EINTERNAL, "导出失败 (export failed)"
			if ce, ok := err.(*campaign.Error); ok {
				status, code, msg = http.StatusBadRequest, ce.Code, ce.Message
				if ce.Code == campaign.ENOTFOUND {
					status = http.StatusNotFound
				}
			} else {
				log.ErrorContext(ctx, "export failed", "request_id", reqinfo.ID(ctx), "path", r.URL.Path, "err", err)
			}
			writeError(w, status, code, msg)
		}
	}
}

// lazyWriter sets the download headers on the first write, so an error before any row can still
// be answered as JSON.
type lazyWriter struct {
	w       http.ResponseWriter
	header  func()
	started bool
}

func (l *lazyWriter) Write(p []byte) (int, error) {
	if !l.started {
		l.header()
		l.started = true
	}
	return l.w.Write(p)
}

func unitFilterFromQuery(q url.Values) (postgres.UnitFilter, error) {
	str := func(k string) *string {
		if v := q.Get(k); v != "" {
			return &v
		}
		return nil
	}
	boolean := func(k string) (*bool, error) {
		switch q.Get(k) {
		case "":
			return nil, nil
		case "true":
			b := true
			return &b, nil
		case "false":
			b := false
			return &b, nil
		}
		return nil, campaign.Invalid(k, "%s 须为 true 或 false (must be true or false)", k)
	}
	f := postgres.UnitFilter{CountyCode: str("countyCode"), TownCode: str("townCode"), CategoryCode: str("categoryCode"), Search: q.Get("search")}
	if v := q.Get("sectorNumber"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return f, campaign.Invalid("sectorNumber", "行业领域编号须为数字 (must be a number)")
		}
		f.SectorNumber = &n
	}
	if g := q.Get("targetGroup"); g != "" {
		tg := campaign.TargetGroup(g)
		if g == "VILLAGE" || g == "ENTERPRISE" {
			tg = map[string]campaign.TargetGroup{"VILLAGE": campaign.TargetGroupVillage, "ENTERPRISE": campaign.TargetGroupEnterprise}[g]
		} else {
			return f, campaign.Invalid("targetGroup", "targetGroup 须为 VILLAGE 或 ENTERPRISE")
		}
		f.TargetGroup = &tg
	}
	var err error
	if f.CityLevel, err = boolean("cityLevel"); err != nil {
		return f, err
	}
	if f.Blacklisted, err = boolean("blacklisted"); err != nil {
		return f, err
	}
	// as in the GraphQL filter, active units unless asked otherwise; archived=all lists both
	if q.Get("archived") != "all" {
		if f.Archived, err = boolean("archived"); err != nil {
			return f, err
		}
		if f.Archived == nil {
			active := false
			f.Archived = &active
		}
	}
	return f, nil
}
