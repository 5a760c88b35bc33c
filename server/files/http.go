package files

import (
	"encoding/json"
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"strconv"

	"zeroaccident/server/campaign"
	"zeroaccident/server/reqinfo"
)

// Handler serves GET /files/{id} and GET /files/{id}/thumb to readers of the owning row, behind the
// server's bearer-token authentication (the app fetches them and shows the blob). Everything else
// answers NOT_FOUND, so a file outside the caller's scope looks like one that does not exist.
func (s *Service) Handler(log *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /files/{id}", s.serve(log, Original))
	mux.HandleFunc("GET /files/{id}/thumb", s.serve(log, Thumbnail))
	return mux
}

func (s *Service) serve(log *slog.Logger, v Variant) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil || id <= 0 {
			writeError(w, http.StatusNotFound, campaign.ENOTFOUND, campaign.ErrNotFound.Message)
			return
		}
		att, content, err := s.Open(r.Context(), id, v)
		if err != nil {
			var ce *campaign.Error
			switch {
			case errors.Is(err, campaign.ErrUnauthenticated):
				writeError(w, http.StatusUnauthorized, campaign.EUNAUTHENTICATED, campaign.ErrUnauthenticated.Message)
			case errors.As(err, &ce) && ce.Code == campaign.ENOTFOUND:
				writeError(w, http.StatusNotFound, campaign.ENOTFOUND, campaign.ErrNotFound.Message)
			default:
				log.ErrorContext(r.Context(), "serve file", "request_id", reqinfo.ID(r.Context()), "id", id, "err", err)
				writeError(w, http.StatusInternalServerError, campaign.EINTERNAL, "读取附件失败 (could not read the file)")
			}
			return
		}
		h := w.Header()
		ct, name, disposition := att.ContentType, att.FileName, "inline"
		if v == Thumbnail {
			ct, name = "image/jpeg", "thumb-"+strconv.FormatInt(att.ID, 10)+".jpg"
		}
		if att.Kind == Document {
			// a PDF is saved, not rendered inside the app's origin
			disposition = "attachment"
		}
		h.Set("Content-Type", ct)
		h.Set("Content-Length", strconv.Itoa(len(content)))
		h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": name}))
		h.Set("X-Content-Type-Options", "nosniff")
		// readers' rights can change; a shared or disk cache must not keep a unit's photos
		h.Set("Cache-Control", "private, no-store")
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(content)
	}
}

func writeError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{"message": message, "extensions": map[string]string{"code": code}}}})
}
