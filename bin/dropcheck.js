#!/usr/bin/env node
// Runs the TypeScript sources directly: tsx compiles them (and any --spec model module) on load.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
