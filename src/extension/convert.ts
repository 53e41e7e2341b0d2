// Conversions from result positions (0-based, like VS Code) to `vscode` objects.
import * as vscode from 'vscode';
import type { Range, Diagnostic } from '../model/types';

export function toRange(r: Range, doc?: vscode.TextDocument): vscode.Range {
  const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
  return doc ? doc.validateRange(range) : range;
}

const SEVERITY: Record<Diagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toDiagnostic(d: Diagnostic, doc?: vscode.TextDocument): vscode.Diagnostic {
  const out = new vscode.Diagnostic(toRange(d.range, doc), d.message, SEVERITY[d.severity] ?? vscode.DiagnosticSeverity.Warning);
  out.source = 'Scaling Lens';
  if (d.code) out.code = d.code;
  return out;
}

