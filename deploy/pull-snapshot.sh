#!/usr/bin/env bash
# A replica fetches a published snapshot of the index, checks it and swaps it in.
#
#   deploy/pull-snapshot.sh SNAPSHOT_URL SHA256 INDEX_PATH
#
# SNAPSHOT_URL: where the publisher put the snapshot (https://, or file:// on a shared disk);
# SHA256: its checksum, from the publisher's manifest. The file is downloaded beside INDEX_PATH,
# checked, flushed to disk and renamed over INDEX_PATH in one step; the app's workers see the
# new file and reopen it (no restart). A snapshot already in place is not fetched again; a
# download that fails or does not match leaves the served index as it was (exit 1).
# Run it from a timer (systemd, cron) with the manifest's values; see deploy/README.md.
set -euo pipefail
[ $# -eq 3 ] || { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
url=$1 sha=$2 index=$3
if [ -f "$index.sha256" ] && [ "$(cat "$index.sha256")" = "$sha" ] && [ -f "$index" ]; then
    exit 0
fi
part=$(mktemp "$index.part.XXXXXX")
trap 'rm -f "$part"' EXIT
curl -fsS --retry 3 -o "$part" "$url"
got=$(sha256sum "$part" | cut -d' ' -f1)
if [ "$got" != "$sha" ]; then
    echo "pull-snapshot: $url has sha256 $got, not $sha; the index was left as it was" >&2
    exit 1
fi
chmod 0644 "$part"
sync "$part"
mv -f "$part" "$index"
echo "$sha" > "$index.sha256"
echo "pull-snapshot: $index is now $sha"
