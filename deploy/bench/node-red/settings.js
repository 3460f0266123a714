// Node-RED's settings for Hearth's benchmark: loopback only, no editor, no outside calls.
// bench.py copies this folder into a temporary user directory and sets BENCH_NODE_RED_PORT.
module.exports = {
    flowFile: 'flows.json',
    credentialSecret: false,
    uiHost: '127.0.0.1',
    uiPort: Number(process.env.BENCH_NODE_RED_PORT || 1880),
    disableEditor: true,
    httpNodeRoot: false,
    diagnostics: { enabled: false, ui: false },
    runtimeState: { enabled: false, ui: false },
    telemetry: { enabled: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
    logging: { console: { level: 'info', metrics: false, audit: false } },
    functionExternalModules: false,
};
