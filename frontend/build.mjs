// Builds the Front desk panel into one ES module inside the integration, and
// writes build-info.json beside it: the SHA-256 of every source file, of all
// sources together and of the bundle. tests/frontend_bundle.py recomputes
// them (without building) to catch a bundle that does not match its sources.
//
// Sources: frontend/src/** plus the files listed in EXTRA_SOURCES, sorted by
// their repository-relative POSIX path. source_sha256 is the SHA-256 of the
// lines "<path> <sha256 of the file>\n", in that order.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const FRONTEND = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(FRONTEND);
const OUT_DIR = join(ROOT, "custom_components", "hotel_lock", "frontend");
const BUNDLE = "frontdesk.js";
const EXTRA_SOURCES = [
  "frontend/build.mjs",
  "frontend/package.json",
  "frontend/package-lock.json",
  "frontend/tsconfig.json",
  "scripts/build-frontend",
];

const sha256 = (data) => createHash("sha256").update(data).digest("hex");

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listFiles(join(dir, entry.name))
      : [join(dir, entry.name)],
  );
}

function sourceHashes() {
  const paths = [
    ...listFiles(join(FRONTEND, "src")).map((file) =>
      relative(ROOT, file).split(sep).join("/"),
    ),
    ...EXTRA_SOURCES,
  ].sort();
  return Object.fromEntries(
    paths.map((path) => [path, sha256(readFileSync(join(ROOT, path)))]),
  );
}

const result = await build({
  entryPoints: [join(FRONTEND, "src", "main.ts")],
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  legalComments: "none",
  charset: "utf8",
  write: false,
  logLevel: "warning",
});
const bundle = Buffer.from(result.outputFiles[0].contents);
writeFileSync(join(OUT_DIR, BUNDLE), bundle);

const sources = sourceHashes();
const info = {
  bundle: BUNDLE,
  bundle_sha256: sha256(bundle),
  bundle_bytes: bundle.length,
  gzip_bytes: gzipSync(bundle, { level: 9 }).length,
  source_sha256: sha256(
    Object.entries(sources)
      .map(([path, digest]) => `${path} ${digest}\n`)
      .join(""),
  ),
  sources,
};
writeFileSync(
  join(OUT_DIR, "build-info.json"),
  `${JSON.stringify(info, null, 2)}\n`,
);
console.log(
  `${BUNDLE}: ${info.bundle_bytes} bytes, ${info.gzip_bytes} bytes gzipped`,
);
