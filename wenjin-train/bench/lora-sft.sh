#!/usr/bin/env bash
# LoRA fine-tuning speed and peak memory on random-weight models of real shapes (Qwen2.5-0.5B and -1.5B, Q8_0),
# with 1 and 2 threads, and what a 1,000-example set of 200 tokens each would take. The figures go in
# docs/training.md. Usage: wenjin-train/bench/lora-sft.sh [SHAPE...]   (default: qwen2.5-0.5b qwen2.5-1.5b)
# Environment: BENCH_DIR (default /tmp/wenjin-train-bench), STEPS (default 4), THREADS (default "1 2").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
wenjin="$root/wenjin"
dir="${BENCH_DIR:-/tmp/wenjin-train-bench}"
steps="${STEPS:-4}"
mkdir -p "$dir"
shapes=("$@")
[ ${#shapes[@]} -gt 0 ] || shapes=(qwen2.5-0.5b qwen2.5-1.5b)

# 1,000 {"text"} examples of 199 ASCII bytes: the synthetic vocabulary has no merges, so each byte is one token,
# and the end-of-text token makes 200.
data="$dir/sft-1000x200.jsonl"
if [ ! -f "$data" ]; then
  awk 'BEGIN { srand(7); for (i = 0; i < 1000; i++) { s = ""; while (length(s) < 199) s = s sprintf("w%d ", int(rand() * 100000));
       printf("{\"text\": \"%s\"}\n", substr(s, 1, 199)) } }' > "$data"
fi

printf '| shape | threads | tokens/s | peak memory | 1,000 x 200 tokens |\n|---|---:|---:|---:|---:|\n'
for shape in "${shapes[@]}"; do
  model="$dir/$shape-Q8_0.gguf"
  [ -f "$model" ] || "$wenjin" bench --make-model "$shape" --type Q8_0 -o "$model" >&2
  for threads in ${THREADS:-1 2}; do
    run="$dir/run-$shape-t$threads"
    rm -rf "$run"
    "$wenjin" train sft --base "$model" --data "$data" --max-steps "$steps" --seq-len 512 --batch-tokens 512 \
      --lora-rank 8 --lora-alpha 16 --held-out 0 --threads "$threads" --type Q8_0 -o "$dir/out-$shape.gguf" \
      --run-dir "$run" --json > "$run.json" 2> "$run.log"
    awk -v shape="$shape" -v threads="$threads" -F: '
      /"tokens_per_s"/ { gsub(/[^0-9.]/, "", $2); tps = $2 }
      /"peak_memory_bytes"/ { gsub(/[^0-9]/, "", $2); peak = $2 }
      END { printf("| %s | %d | %.1f | %.2f GiB | %.1f h |\n", shape, threads, tps, peak / 2^30, 200000 / tps / 3600) }' "$run.json"
  done
done
