// bench/wasi-run.mjs - the wasm peer's runner: node wasi-run.mjs PROG.wasm
// [ARGS...] runs a wasm32-wasi program under Node.js's built-in WASI
// (preview1) with this process's stdio and no preopened directories; the
// exit status is the program's.
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
import { argv, exit } from 'node:process';

const wasi = new WASI({ version: 'preview1', args: argv.slice(2), env: {}, returnOnExit: true });
const mod = await WebAssembly.compile(readFileSync(argv[2]));
const inst = await WebAssembly.instantiate(mod, wasi.getImportObject());
exit(wasi.start(inst) ?? 0);
