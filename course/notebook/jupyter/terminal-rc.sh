# Start-up of JupyterLab's terminal for the course (course/notebook/lab.py starts bash with --rcfile this file).
# The learner's own bash start-up first, then the course's environment first on PATH, so `python -m course
# check ...` runs the course's Python whatever ~/.bashrc did to PATH.
if [ -f /etc/bash.bashrc ]; then . /etc/bash.bashrc; fi
if [ -f "$HOME/.bashrc" ]; then . "$HOME/.bashrc"; fi
if [ -n "$COURSE_BIN" ]; then export PATH="$COURSE_BIN:$PATH"; fi
