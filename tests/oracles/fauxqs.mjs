// Starts the fauxqs SNS/SQS/S3 emulator on 127.0.0.1 only (its own CLI binds 0.0.0.0).
//   node tests/oracles/fauxqs.mjs PORT
// Imported by file path so it resolves from tests/node_modules wherever the script is started from.
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";

const port = Number.parseInt(process.argv[2] ?? "", 10);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error("usage: node fauxqs.mjs PORT (1-65535)");
  process.exit(2);
}

const appPath = join(dirname(fileURLToPath(import.meta.url)), "..", "node_modules", "fauxqs", "dist", "app.js");
const { buildApp } = await import(pathToFileURL(appPath).href);
const app = buildApp({ logger: false });
const address = await app.listen({ port, host: "127.0.0.1" });
console.log(`fauxqs listening on ${address}`);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => app.close().then(() => process.exit(0)));
}
