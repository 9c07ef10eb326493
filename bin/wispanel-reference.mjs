#!/usr/bin/env node
// The WisPanel reference server (reference/main.ts): the in-memory panel the
// suite is checked against, for trying the suite or a client by hand.
//   wispanel-reference [--port N] [--fault NAME] [--list-faults] [--help] ...
import { importProduct } from './import-product.mjs';

await importProduct('reference/main');
