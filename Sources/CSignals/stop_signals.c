#include "CSignals.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

// Signals are process-wide, so this state is too; nothing but the handler and the three
// functions below touch it.
static volatile sig_atomic_t first_signal = 0;
static struct sigaction saved_int, saved_term;
static int installed = 0;

static void on_stop_signal(int number) {
  if (first_signal != 0) _exit(128 + number);
  first_signal = number;
  static const char message[] =
      "\ninterrupted: stopping after this epoch and saving a checkpoint (again to quit now)\n";
  ssize_t ignored = write(STDERR_FILENO, message, sizeof message - 1);
  (void)ignored;
}

int gravitas_stop_signals_install(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // reads and writes in progress carry on
  first_signal = 0;
  if (sigaction(SIGINT, &action, &saved_int) != 0) return -1;
  if (sigaction(SIGTERM, &action, &saved_term) != 0) {
    int saved = errno;
    sigaction(SIGINT, &saved_int, NULL);
    errno = saved;
    return -1;
  }
  installed = 1;
  return 0;
}

void gravitas_stop_signals_restore(void) {
  if (!installed) return;
  sigaction(SIGINT, &saved_int, NULL);
  sigaction(SIGTERM, &saved_term, NULL);
  installed = 0;
}

int gravitas_stop_signal_received(void) { return first_signal; }
