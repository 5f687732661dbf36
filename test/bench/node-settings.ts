// The Node options the API is started with: package.json `start`, the Dockerfile's CMD and the
// bench's API servers (servers.ts) use the same ones; test/project/node-settings.test.ts keeps the
// three in step.
//
// --max-semi-space-size=64 (MB; Node 20's default is 16): V8's young generation, where nearly
// every object of a request is born (rows, resolver results, promises, the response) and, on a
// busy server, where the objects of the requests in flight outlive a scavenge or two. With 16 MB
// semi-spaces a scavenge comes every few requests and promotes what is still in flight to the old
// generation, which only a mark-compact frees; garbage collection was 11–20 % of the API's CPU
// profile (test/bench/profile-server.ts). Measured with test/bench/experiments.ts
// (docs/benchmarks.md, "Cheaper requests, measured", item 6): Node CPU per request −5 to −10 % on
// the larger screens (e, h), no change the runs can resolve on the small admin list (d1), for
// up to 2 × 48 MB more young generation at peak.
export const API_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=64'];
