"""Times the table method on Arrow input (a pyarrow Table, a polars DataFrame) on the
benchmark CSV, one call per median of 5 after a warm-up; run with RAYON_NUM_THREADS=1.
Needs bench/out/portfolio-100000-2019.csv (bench/run.py --rows 100000 writes it)."""
import statistics, sys, time, json
sys.path.insert(0, "bench")
import pyarrow.csv as pc, polars as pl, matang, run
pack = matang.Pack.load(run.pack_dir())
t = pc.read_csv("bench/out/portfolio-100000-2019.csv")
p = pl.from_arrow(t)
def med(f):
    f(); xs = []
    for _ in range(5):
        s = time.perf_counter(); f(); xs.append(time.perf_counter() - s)
    return statistics.median(xs) / t.num_rows * 1e6
print(json.dumps({"pyarrow assess_arrow": round(med(lambda: pack.assess_arrow(t)), 3),
                  "polars table": round(med(lambda: run.score_many(pack)(p)), 3)}))
