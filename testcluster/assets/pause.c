/* The pod sandbox's init process: hold the namespaces open, reap orphans,
 * and exit promptly on SIGINT/SIGTERM so pod teardown is not delayed. */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_term(int sig) { (void)sig; _exit(0); }

static void on_child(int sig) {
    (void)sig;
    while (waitpid(-1, NULL, WNOHANG) > 0) {
    }
}

int main(void) {
    struct sigaction term = {0}, child = {0};
    term.sa_handler = on_term;
    child.sa_handler = on_child;
    child.sa_flags = SA_NOCLDSTOP;
    sigaction(SIGINT, &term, NULL);
    sigaction(SIGTERM, &term, NULL);
    sigaction(SIGCHLD, &child, NULL);
    for (;;) {
        pause();
    }
    return 0;
}
