#!/usr/bin/env node
// validate-sarif.js FILE... - checks each file against the SARIF 2.1.0 JSON
// schema shipped in @microsoft/sarif-multitool-linux (JSON Schema 2020-12),
// with ajv.  Prints "valid: FILE" or the schema errors; exits 1 if any file
// is invalid or unreadable.
'use strict';

const fs = require('fs');
const path = require('path');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

const schemaPath = path.join(__dirname, 'node_modules', '@microsoft',
  'sarif-multitool-linux', 'sarif-2.1.0.json');

function main(files) {
  if (files.length === 0) {
    process.stderr.write('usage: validate-sarif.js FILE...\n');
    return 2;
  }
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  let bad = 0;
  for (const f of files) {
    let doc;
    try {
      doc = JSON.parse(fs.readFileSync(f, 'utf8'));
    } catch (e) {
      process.stdout.write(`invalid: ${f}: ${e.message}\n`);
      bad++;
      continue;
    }
    if (validate(doc)) {
      process.stdout.write(`valid: ${f}\n`);
    } else {
      bad++;
      process.stdout.write(`invalid: ${f}\n`);
      for (const err of validate.errors.slice(0, 20)) {
        process.stdout.write(`  ${err.instancePath || '/'} ${err.message}\n`);
      }
    }
  }
  return bad > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
