"""The judge as a JupyterHub service: instant self-checks for cohort learners, whose servers hold no keys.

`python -m course.service` runs it (grading/jupyterhub_config.py starts it as a managed service). A learner's
score cell and `course check` send the answer (module, exercise id, the answer cell's source) with their server's
hub token; the service judges it with the keys it alone holds, exactly as `judge_answer` does with staged feedback
(no missed-flaw locations), and answers with the fraction and the feedback. See course.service.app.
"""
