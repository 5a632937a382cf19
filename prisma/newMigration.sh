#!/usr/bin/env bash
# Writes migration NAME for both databases from the change in prisma/schema.prisma
# since the last commit: `npm run db:migration -- add_thing`.
set -euo pipefail
name=${1:?usage: npm run db:migration -- NAME}
stamp=$(date -u +%Y%m%d%H%M%S)
# The diffs compare schema files only, but prisma.config.ts opens a database
# for its adapter: a scratch one, so a checkout without data/ works too.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export DATABASE_URL="file:$scratch/scratch.db"
npx tsx prisma/deriveSchemas.ts
for dir in prisma prisma/postgresql; do
  old=$(mktemp --suffix=.prisma)
  git show "HEAD:$dir/schema.prisma" > "$old" 2>/dev/null || : > "$old"
  mkdir -p "$dir/migrations/${stamp}_$name"
  if [ -s "$old" ]; then from=(--from-schema-datamodel "$old"); else from=(--from-empty); fi
  npx prisma migrate diff "${from[@]}" --to-schema-datamodel "$dir/schema.prisma" --script > "$dir/migrations/${stamp}_$name/migration.sql"
  rm -f "$old"
done
npm run db:generate
