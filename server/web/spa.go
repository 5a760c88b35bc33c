package web

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"zeroaccident/frontend"
)

// notBuilt is served when the binary was compiled before `npm run build`.
const notBuilt = `<!doctype html><meta charset="utf-8"><title>零事故创建管理平台</title>
<p>前端尚未构建：请运行 scripts/run.sh（或 cd frontend &amp;&amp; npm ci &amp;&amp; npm run build）后重新编译服务器。</p>
<p>The frontend has not been built: run scripts/run.sh, or build frontend/ and recompile the server.</p>`

// spa serves the embedded single-page app. Paths that name no file get index.html, so client-side
// routes such as /counties/140602 load the app; hashed assets are cached for a year.
func spa() http.Handler {
	dist, err := fs.Sub(frontend.Dist, "dist")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	index, err := fs.ReadFile(dist, "index.html")
	files := http.FileServerFS(dist)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if err != nil {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte(notBuilt))
			return
		}
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if name != "" && name != "index.html" {
			if st, statErr := fs.Stat(dist, name); statErr == nil && !st.IsDir() {
				if strings.HasPrefix(name, "assets/") {
					w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				}
				files.ServeHTTP(w, r)
				return
			}
			if path.Ext(name) != "" {
				http.NotFound(w, r)
				return
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write(index)
	})
}
