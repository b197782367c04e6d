def test_user_plugin_list_replaces_the_default(impl) -> None:
    settings = impl.merge_settings(impl.DEFAULTS, {"plugins": ["imports"], "output": {"width": 80}})
    assert settings["output"] == {"color": True, "width": 80}, f"output table came out as {settings['output']}"
    assert settings["plugins"] == ["imports"], (
        f"a user whose config says plugins = ['imports'] still runs {settings['plugins']}: "
        "there is no way to switch the usage-stats plugin off"
    )
