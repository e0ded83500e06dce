// Linked into every executable of a TANDEM_SANITIZE build, so that the binaries, the tests
// and anything the tests start run with the same settings and no environment to remember.
// UBSan stays recoverable at compile time (a suppression only works then) and halts here.

extern "C" const char* __asan_default_options() {
  return "detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:"
         "strict_init_order=1";
}

extern "C" const char* __ubsan_default_options() {
  return "halt_on_error=1:print_stacktrace=1:suppressions=" TANDEM_UBSAN_SUPPRESSIONS;
}
