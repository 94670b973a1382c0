# Jupyter server settings shared by `make lab` (trainee view) and `make instructor`.
# Saving is handled by the server extension microneedling.saving (enabled in jupyter_server_config.d/).
c = get_config()  # noqa: F821 (provided by Jupyter)

# No "Jupyter news" feed and no update check: trainees meet the course, not JupyterLab's announcements.
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
