// What `import 'vscode'` finds outside src/extension (tsconfig.base.json, "paths"): nothing. Only
// the extension's project maps `vscode` to VS Code's API, so a layer below it that reaches for the
// editor fails to compile where it does (docs/architecture.md).
export declare const onlySrcExtensionImportsVscode: unique symbol;
