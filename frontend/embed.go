// Package frontend embeds the built single-page app so that one Go binary serves the whole system.
// `npm run build` writes frontend/dist; before a build the folder holds only .gitkeep, and the
// server then answers / with a note that the frontend has not been built.
package frontend

import "embed"

//go:embed all:dist
var Dist embed.FS
