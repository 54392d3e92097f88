def test_login_page_is_dutch(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert "Inloggen" in response.get_data(as_text=True)


def test_start_page_per_role(login_as):
    for role, heading in [("veldwerker", "Hallo Test"), ("coordinator", "Planning en dekking"),
                          ("teamleider", "Opvolging en rapportage"), ("beheerder", "Beheer")]:
        page = login_as(role).get("/").get_data(as_text=True)
        assert heading in page, role
