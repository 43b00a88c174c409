// Evaluates expressions with GitHub's JavaScript implementation (@actions/expressions) for
// Hearth's differential test. Usage: node evaluate.mjs <package dir> <context.json> <exprs.json>
// Prints a JSON array with, for each expression, either
//   {"kind": ..., "json": <pretty JSON text>, "str": <value as a string>} or
//   {"error": "lexing" | "parsing" | "evaluation", "message": ...}.
// success(), failure(), cancelled() and always() answer as for a job that has succeeded so far.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pkgDir, contextFile, exprFile] = process.argv.slice(2);
const entry = path.join(pkgDir, "node_modules", "@actions", "expressions", "dist", "index.js");
const { Lexer, Parser, Evaluator, data } = await import(pathToFileURL(entry).href);
const { kindStr } = await import(pathToFileURL(
  path.join(pkgDir, "node_modules", "@actions", "expressions", "dist", "data", "expressiondata.js")).href);

const context = JSON.parse(fs.readFileSync(contextFile, "utf8"), data.reviver);
const names = context.pairs().map(p => p.key);
const exprs = JSON.parse(fs.readFileSync(exprFile, "utf8"));

// The status functions, answering as for a job that has succeeded so far.
const status = { success: true, failure: false, cancelled: false, always: true };
const ext = Object.entries(status).map(([name, answer]) => ({
  name, description: "", minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(answer)
}));
const extMap = new Map(ext.map(f => [f.name, f]));

function one(expr) {
  let tokens;
  try {
    tokens = new Lexer(expr).lex().tokens;
  } catch (e) {
    return { error: "lexing", message: e.message };
  }
  let tree;
  try {
    tree = new Parser(tokens, names, ext).parse();
  } catch (e) {
    const pos = e.pos ? ` Located at position ${e.pos.column + 1}` : "";
    return { error: "parsing", message: `${e.message}.${pos}` };
  }
  try {
    const v = tree === undefined ? new data.Null() : new Evaluator(tree, context, extMap).evaluate();
    return { kind: kindStr(v.kind), json: JSON.stringify(v, data.replacer, "  "), str: v.coerceString() };
  } catch (e) {
    return { error: "evaluation", message: e.message };
  }
}

process.stdout.write(JSON.stringify(exprs.map(one)));
