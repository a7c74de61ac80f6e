// The text layouts of other languages' standard loggers and of nginx's and Apache httpd's error logs, in one list for
// text.ts: each writer's layout and how it is read are in its own file.
import { APACHE_ERROR_LAYOUTS } from './apache-error.js';
import { DOTNET_LAYOUTS } from './dotnet-console.js';
import { ELIXIR_LAYOUTS } from './elixir-logger.js';
import { MONOLOG_LAYOUTS } from './monolog-text.js';
import { NGINX_ERROR_LAYOUTS } from './nginx-error.js';
import { RUBY_LAYOUTS } from './ruby-logger.js';
import type { Layout } from './text-layouts.js';

export const LANGUAGE_LAYOUTS: readonly Layout[] = [...RUBY_LAYOUTS, ...MONOLOG_LAYOUTS, ...DOTNET_LAYOUTS, ...ELIXIR_LAYOUTS, ...NGINX_ERROR_LAYOUTS, ...APACHE_ERROR_LAYOUTS];
