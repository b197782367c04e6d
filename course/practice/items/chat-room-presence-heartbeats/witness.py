def test_a_member_of_one_room_is_not_online_in_another(impl) -> None:
    clock = lambda: 5_000.0
    general = impl.RoomPresence("general", clock)
    payroll = impl.RoomPresence("payroll", clock)
    general.heartbeat("ana")
    payroll.heartbeat("bo")
    shown = payroll.online()
    assert shown == ["bo"], (
        f"only Bo has #payroll open, but its member list shows {shown} as online: "
        "Ana, who is only in #general, appears in every room")
