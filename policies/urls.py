from django.urls import path

from .views import catalog, partner, review

app_name = "policies"

urlpatterns = [
    path("", partner.home, name="home"),
    # Policy managers and partner admins (§4). No feature URL is a prefix of another, so the navigation
    # highlights exactly one entry.
    path("catalog/", catalog.policy_list, name="policy_list"),
    path("catalog/new/<str:policy_type>/", catalog.policy_create, name="policy_create"),
    path("catalog/<uuid:code>/", catalog.policy_detail, name="policy_detail"),
    path("catalog/<uuid:code>/edit/", catalog.policy_edit, name="policy_edit"),
    path("catalog/<uuid:code>/publish/", catalog.policy_publish, name="policy_publish"),
    path("catalog/<uuid:code>/deactivate/", catalog.policy_deactivate, name="policy_deactivate"),
    path("catalog/<uuid:code>/clone/", catalog.policy_clone, name="policy_clone"),
    path("catalog/<uuid:code>/document.json", catalog.policy_document, name="policy_document"),
    path("groups/", catalog.group_list, name="group_list"),
    path("groups/new/", catalog.group_create, name="group_create"),
    path("groups/<uuid:code>/", catalog.group_detail, name="group_detail"),
    path("groups/<uuid:code>/edit/", catalog.group_edit, name="group_edit"),
    path("groups/<uuid:code>/deactivate/", catalog.group_deactivate, name="group_deactivate"),
    path("groups/<uuid:code>/activate/", catalog.group_activate, name="group_activate"),
    # Partners (§2, §5)
    path("my-group/", partner.select_group, name="select_group"),
    path("requests/", partner.my_links, name="my_links"),
    path("requests/new/", partner.request_policy, name="request"),
    path("requests/<uuid:code>/", partner.my_link, name="my_link"),
    # Partner admins (§5)
    path("links/", review.link_queue, name="link_queue"),
    path("links/<uuid:code>/", review.link_detail, name="link_detail"),
    path("links/<uuid:code>/approve/", review.link_approve, name="link_approve"),
    path("links/<uuid:code>/reject/", review.link_reject, name="link_reject"),
    path("links/<uuid:code>/deactivate/", review.link_deactivate, name="link_deactivate"),
]
