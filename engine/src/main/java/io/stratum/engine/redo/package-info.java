/** Redo: the registry of resource-manager handlers and the engine's built-in records (full page, patch, zero, relation size). */
package io.stratum.engine.redo;
