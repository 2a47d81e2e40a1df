#!/usr/bin/env bash
# Prints "AGENCY=<folder>" (for $GITHUB_ENV): the agency folder that the workflows check and publish.
#   1. the first line of .github/agency, if that file exists (e.g. agencies/ban-tuayang);
#   2. otherwise the only folder in agencies/ with an agency.yaml, other than agencies/demo;
#   3. otherwise agencies/demo.
# ไฟล์นี้เลือกโฟลเดอร์ข้อมูลหน่วยงานให้ workflow: ถ้ามีหลายหน่วยงาน ให้เขียนชื่อโฟลเดอร์ไว้ในไฟล์ .github/agency
set -euo pipefail
if [[ -f .github/agency ]]; then
  agency="$(head -n 1 .github/agency | tr -d '[:space:]')"
else
  mapfile -t found < <(find agencies -mindepth 2 -maxdepth 2 -name agency.yaml -not -path 'agencies/demo/*' 2>/dev/null | sort)
  if [[ ${#found[@]} -eq 1 ]]; then
    agency="$(dirname "${found[0]}")"
  else
    agency="agencies/demo"
  fi
fi
if [[ ! "$agency" =~ ^[A-Za-z0-9._/-]+$ || "$agency" == *..* || ! -f "$agency/agency.yaml" ]]; then
  echo "ไม่พบ agency.yaml ในโฟลเดอร์ '$agency' (ตรวจไฟล์ .github/agency)" >&2
  exit 1
fi
echo "AGENCY=$agency"
