// Boots shards with @discordjs/ws, a real Discord gateway client, against the Alyx Discord emulator.
//
//   ALYX_EMULATOR_API=http://127.0.0.1:PORT/api ALYX_EMULATOR_TOKEN=T node discordjs-boot.mjs paced|fast
//
// paced: the library's own identify throttler (one identify per bucket per 5 s, buckets from max_concurrency).
// fast:  a throttler that never waits, so identifies in one bucket come too fast; the script stops at the first
//        INVALID_SESSION the emulator sends back.
// Prints one JSON line {"ready":[shard ids],"invalidSessions":n} and exits 0 when the mode's goal is met, 1 otherwise.
import { REST } from '@discordjs/rest';
import { WebSocketManager, WebSocketShardEvents } from '@discordjs/ws';

const mode = process.argv[2] ?? 'paced';
const api = process.env.ALYX_EMULATOR_API;
const token = process.env.ALYX_EMULATOR_TOKEN;
const timeoutMs = Number(process.env.ALYX_ORACLE_TIMEOUT_MS ?? 60000);
if (!api || !token) {
  console.error('ALYX_EMULATOR_API and ALYX_EMULATOR_TOKEN must be set');
  process.exit(2);
}

const rest = new REST({ api, version: '10' }).setToken(token);
const options = { token, intents: 1, rest };
if (mode === 'fast') {
  options.buildIdentifyThrottler = async () => ({ waitForIdentify: async () => {} });
}

const manager = new WebSocketManager(options);
const shardIds = await manager.getShardIds();
const ready = new Set();
let invalidSessions = 0;

let finished = false;
function finish(ok) {
  if (finished) {
    return;
  }

  finished = true;
  console.log(JSON.stringify({ ready: [...ready].sort(), invalidSessions }));
  // Stdout is synchronous for pipes on Linux, so exiting at once loses no output; the emulator sees the sockets drop.
  process.exit(ok ? 0 : 1);
}

const timer = setTimeout(() => finish(false), timeoutMs);
manager.on(WebSocketShardEvents.Ready, (_data, shardId) => {
  ready.add(shardId);
  if (mode === 'paced' && ready.size === shardIds.length) {
    clearTimeout(timer);
    finish(true);
  }
});
manager.on(WebSocketShardEvents.Debug, (message) => {
  if (message.includes('Invalid session')) {
    invalidSessions += 1;
    if (mode === 'fast') {
      clearTimeout(timer);
      finish(true);
    }
  }
});

await manager.connect();
