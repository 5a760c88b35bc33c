package registry_test

import (
	"fmt"
	"testing"

	"zeroaccident/server/apptest"
)

// BenchmarkImport10000 imports 10,000 generated rows (with two safety officers each) through the
// real HTTP API, as a county office would upload its register.
func BenchmarkImport10000(b *testing.B) {
	app := apptest.MustStart(b, apptest.Options{})
	token := app.MustLogin(b, "city_admin").AccessToken
	towns := []string{"神头镇", "利民镇", "北城街道", "南城街道", "滋润乡"}
	for b.Loop() {
		b.StopTimer()
		run := seq.Add(1)
		rows := make([][]string, 10000)
		for i := range rows {
			rows[i] = importRow(b, fmt.Sprintf("基准导入%d批第%d号煤业有限公司", run, i), "朔城区", towns[i%len(towns)])
		}
		file := csvFile(b, rows)
		b.StartTimer()
		res, raw := upload(b, app, token, "bench.csv", file, false, false)
		if raw.Code() != "" || res.Imported != len(rows) {
			b.Fatalf("imported %d of %d: %+v %+v", res.Imported, len(rows), raw.Errors, res.Errors[:min(3, len(res.Errors))])
		}
	}
}
