# Runs a command on a pseudo-terminal, waits for `marker` in its output, then closes the terminal
# (as closing a terminal window does) and prints the command's exit code.
import os, pty, select, sys, time
marker = sys.argv[1].encode()
pid, fd = pty.fork()
if pid == 0:
    os.execvpe(sys.argv[2], sys.argv[2:], os.environ)
seen = b''
deadline = time.time() + 30
while marker not in seen and time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.5)
    if ready:
        try:
            seen += os.read(fd, 4096)
        except OSError:
            break
time.sleep(0.3)
os.close(fd)
_, status = os.waitpid(pid, 0)
print(os.waitstatus_to_exitcode(status))
