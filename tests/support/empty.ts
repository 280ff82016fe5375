// Stands in for `server-only` outside Next's bundler, where that guard has nothing to guard.
export {};
