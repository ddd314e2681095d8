#!/bin/bash
# Pave's command supervisor. Pave starts it in its own session for one run of a deployment's commands; it runs them
# one after another and outlives Pave, so a crashed or restarted Pave re-attaches to the run instead of failing it.
# Everything it knows goes into the run directory, written only by it:
#   output.log  what the commands printed, stdout and stderr in one file, each stderr line starting with byte 0x1E
#   events      "start <i> <offset>" and "exit <i> <status> <offset>", offsets into output.log
#   heartbeat   touched every 2 s while the supervisor lives
#   result      written last, atomically: "ok", "failed <i> <status>" or "timeout <i>"
# Usage: supervisor.sh <run dir> <deadline, epoch seconds> <command count> <how to start one command...>
# The i-th command's text is read from commands/<i> and appended to the start command.
set -u
umask 077
run=$1 deadline=$2 count=$3
shift 3
cd "$run" || exit 90
: >> output.log

# Only while this shell lives: a killed supervisor must look dead to Pave, not kept alive by its heartbeat.
supervisor=$$
(while kill -0 "$supervisor" 2>/dev/null; do touch heartbeat; sleep 2; done) &

size() { stat -c %s output.log; }

result=ok
for ((i = 0; i < count; i++)); do
  left=$((deadline - $(date +%s)))
  if ((left <= 0)); then
    result="timeout $i"
    break
  fi
  echo "start $i $(size)" >> events
  # --foreground keeps the command in this process group, so stopping the supervisor's group stops it too
  # stderr passes through sed, which marks each of its lines, so the log can say which stream a line came from
  exec 3> >(sed -u 's/^/\x1e/' >> output.log)
  relay=$!
  (cd work && unset OLDPWD && exec timeout --foreground --kill-after=5 "$left" "$@" "$(cat "../commands/$i")") \
    >> output.log 2>&3 3>&- < /dev/null
  status=$?
  exec 3>&-
  # until sed has written the last stderr line; a background process that kept stderr open is not waited for
  for ((w = 0; w < 250; w++)); do kill -0 "$relay" 2>/dev/null || break; sleep 0.02; done
  # a command that printed no final newline must not glue its last line to the next command's first
  if [ -s output.log ] && [ "$(tail -c 1 output.log | od -An -c | tr -d ' ')" != '\n' ]; then echo >> output.log; fi
  echo "exit $i $status $(size)" >> events
  if ((status != 0)); then
    if (($(date +%s) >= deadline)); then result="timeout $i"; else result="failed $i $status"; fi
    break
  fi
done
echo "$result" > result.tmp && mv result.tmp result
